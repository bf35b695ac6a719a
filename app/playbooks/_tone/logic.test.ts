import { describe, expect, it } from "vitest";
import { checkReply } from "@/engine/tone";
import { PLAYBOOK_SCHEMA_VERSION, TonePlaybook } from "@/schemas";
import { explain } from "./checker-panel";
import { applyReplacement, checkable, documentIssues, fieldErrors, forSave, hasApproval, otherRules, segments, withApproval } from "./logic";
import { toneMessages } from "./messages";

const base = TonePlaybook.parse({ schemaVersion: PLAYBOOK_SCHEMA_VERSION, id: "tono-test", name: "Tono", kind: "tone" });

describe("the draft's highlight segments", () => {
  it("cover the text exactly once, cutting overlapping spans into runs", () => {
    const text = "Hola, le garantizamos que tu pedido llega";
    const s = segments(text, [
      { start: 6, end: 21 },
      { start: 9, end: 25 },
    ]);
    expect(s.map((x) => x.text).join("")).toBe(text);
    expect(s.filter((x) => x.violations.length).map((x) => [x.text, x.violations])).toEqual([
      ["le ", [0]],
      ["garantizamos", [0, 1]],
      [" que", [1]],
    ]);
  });

  it("give a place (start == end) an empty segment where it is", () => {
    const s = segments("Gracias", [{ start: 0, end: 0 }]);
    expect(s[0]).toEqual({ start: 0, end: 0, text: "", violations: [0] });
    expect(s.map((x) => x.text).join("")).toBe("Gracias");
  });

  it("apply a replacement over its span", () => {
    expect(applyReplacement("Le garantizamos que", { start: 0, end: 15, replacement: "Haremos todo lo posible" })).toBe("Haremos todo lo posible que");
  });
});

describe("the form's document", () => {
  it("reports a blank banned phrase at its field, in the UI's language", () => {
    const doc = { ...base, bannedPhrases: [{ phrase: "  ", category: "jargon" as const, severity: "major" as const }] };
    const errors = fieldErrors(documentIssues(doc), toneMessages.es);
    expect(errors.get("bannedPhrases.0.phrase")).toEqual([toneMessages.es.errors.required]);
    expect(checkable(doc).bannedPhrases).toEqual([]);
  });

  it("names a channel listed twice", () => {
    const doc = { ...base, channels: [{ channel: "whatsapp" as const }, { channel: "whatsapp" as const }] };
    expect(fieldErrors(documentIssues(doc), toneMessages.en).get("channels.1.channel")).toEqual([toneMessages.en.errors.duplicateChannel]);
  });

  it("drops blank list lines on save and ignores an unfinished length in the live check", () => {
    expect(forSave({ ...base, whoWeAre: ["Útil", " ", "Servicial"] }).whoWeAre).toEqual(["Útil", "Servicial"]);
    expect(checkable({ ...base, defaults: { maxLength: 0, greeting: true } }).defaults).toEqual({ greeting: true });
  });

  it("adds and removes the standard approval rules, leaving other rules alone", () => {
    const other = { id: "otra", name: "Otra", priority: 1, enabled: true, conditions: { all: [] }, actions: [{ type: "add_tags" as const, tags: ["x"] }] };
    let doc = withApproval({ ...base, rules: [other] }, "crisis_active", true);
    doc = withApproval(doc, "severe_violation", true);
    expect(doc.rules.map((r) => r.id)).toEqual(["otra", "aprobacion-crisis", "aprobacion-violacion-grave"]);
    expect(hasApproval(doc, "crisis_active")).toBe(true);
    expect(documentIssues(doc)).toEqual([]);
    doc = withApproval(doc, "crisis_active", false);
    expect(doc.rules.map((r) => r.id)).toEqual(["otra", "aprobacion-violacion-grave"]);
    expect(otherRules(doc).map((r) => r.id)).toEqual(["otra"]);
  });
});

describe("the live check on the unsaved form", () => {
  it("marks the banned phrase and the tú form, explains both in the UI's language, and skips a half-written row", () => {
    const doc = {
      ...base,
      defaults: { greeting: true },
      channels: [{ channel: "whatsapp" as const, register: "usted" as const }],
      bannedPhrases: [
        { phrase: "le garantizamos", suggestion: "haremos todo lo posible", category: "over_promising" as const, severity: "major" as const },
        { phrase: "", category: "other" as const, severity: "major" as const },
      ],
    };
    const text = "Hola, Le Garantizamos que tu pedido llega mañana.";
    const r = checkReply(checkable(doc), { channel: "whatsapp", locale: "es", text });
    const marked = segments(text, r.violations).filter((s) => s.violations.length);
    expect(marked.map((s) => s.text)).toEqual(["Le Garantizamos", "tu"]);
    expect(r.violations.map((v) => explain(v, toneMessages.en))).toEqual(["“le garantizamos” is banned.", "Use the usted register."]);
    expect(r.violations.map((v) => v.replacement)).toEqual(["Haremos todo lo posible", "su"]);
  });
});
