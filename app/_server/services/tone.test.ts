import { readFileSync } from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { EngineClock } from "@/engine";
import { caught, createTestContext } from "@/tests/support/db";
import { fraudCase } from "@/tests/support/crisis";
import { decisions } from "../db/schema";
import { addCaseEvent } from "./case-events";
import { ingestCase } from "./cases";
import { verifyChain } from "./chain";
import { listIncidents } from "./crisis";
import { parseStoredDecision } from "./decisions";
import { importPlaybook } from "./playbooks";
import { replayStored } from "./replay";
import { checkTone } from "./tone";

const example = (file: string) => JSON.parse(readFileSync(path.join(process.cwd(), "playbooks", file), "utf8")) as Record<string, unknown>;
let at = Date.parse("2026-03-02T15:00:00.000Z");
const clock: EngineClock = { now: () => new Date(at), perf: () => 0 };

let ctx: ReturnType<typeof createTestContext>;
beforeEach(() => {
  ctx = createTestContext();
  for (const f of ["cooperativa-ruteo.json", "crisis-fraude.json", "tono-cooperativa.json"]) importPlaybook(ctx, { document: example(f), publish: true, comment: "tone tests", actor: "test" });
});
afterEach(() => ctx.close());

const CLEAN = "Hola, Ana. Revisamos su cuenta y el cargo ya fue anulado.\nSaludos.";
const SEVERE = "Hola, Ana. Como ya le explicamos, el cargo ya fue anulado.\nSaludos.";

let n = 0;
async function cooperativeCase(extra: Record<string, unknown> = {}) {
  const created = await ingestCase(ctx, { externalId: `tono-${++n}`, channel: "email", language: "es", text: "Tengo una duda con un cargo de mi tarjeta.", customer: { id: `socio-${n}`, name: "Ana Pérez" }, attributes: { account: "cooperativa-sv" }, ...extra }, clock);
  return created.caseId;
}
const draft = (caseId: string, text: string) => addCaseEvent(ctx, caseId, { type: "reply_drafted", eventId: `borrador-${++n}`, occurredAt: new Date(at).toISOString(), text }, new Date((at += 1000)));
const storedDecision = (id: string) => parseStoredDecision(ctx.db.select({ d: decisions.decision }).from(decisions).where(eq(decisions.id, id)).get()!.d);

describe("checking a draft (POST /api/v1/tone/check)", () => {
  it("against the published tone playbook of the channel: score, spans and suggestions", () => {
    const text = "Hola. Le garantizamos que tu tarjeta llega mañana.";
    const r = checkTone(ctx, { channel: "email", locale: "es", text, customerName: "Ana Pérez" });
    expect(r.playbook).toMatchObject({ playbookId: "tono-cooperativa", version: 1 });
    expect(r.violations.map((v) => [v.guideline, v.text, v.replacement ?? null])).toEqual([
      ["customer_name", "", null],
      ["banned_phrase", "Le garantizamos", "Haremos todo lo posible"],
      ["register", "tu", "su"],
      ["sign_off", "", "\nSaludos."],
    ]);
    expect(r.score).toBe(100 - 5 - 15 - 15 - 5);
    expect(r.pointOfView).toBe("La respuesta completa");
    expect(checkTone(ctx, { channel: "email", locale: "es", text: CLEAN, customerName: "Ana Pérez" })).toMatchObject({ passed: true, score: 100, register: "none" });
  });

  it("names what is wrong with the request, the playbook or the missing guidelines", () => {
    expect(caught(() => checkTone(ctx, { channel: "fax", locale: "es", text: "" })).issues.map((i) => i.path).sort()).toEqual(["channel", "text"]);
    expect(caught(() => checkTone(ctx, { channel: "email", text: "Hola", playbookId: "no-existe" })).code).toBe("not_found");
    expect(caught(() => checkTone(ctx, { channel: "email", text: "Hola", playbookId: "cooperativa-ruteo" })).issues).toEqual([{ path: "playbookId", message: "name a tone playbook" }]);
    expect(caught(() => checkTone(ctx, { channel: "email", text: "Hola", extra: 1 })).issues[0]?.path).toBe("body");
  });
});

describe("a drafted reply is a decision the tone playbook acts on", () => {
  it("a severe violation requires approval; the check is in the trace and the receipt; it replays identically", async () => {
    const caseId = await cooperativeCase();
    const receipt = draft(caseId, SEVERE);
    expect(receipt.replyApproval).toEqual({ reason: expect.stringContaining("pauta de tono grave") });
    expect(receipt.tone).toEqual([expect.objectContaining({ playbookId: "tono-cooperativa", version: 1, score: 70, violations: [expect.objectContaining({ guideline: "banned_phrase", severity: "severe", text: "Como ya le explicamos" })] })]);
    const d = storedDecision(receipt.decisionId!);
    expect(d).toMatchObject({ subject: "event", caseId, firedRules: [{ playbookId: "tono-cooperativa", ruleId: "aprobacion-violacion-grave" }], context: { type: "case_event", eventType: "reply_drafted" } });
    expect(d.trace.facts).toMatchObject({ "reply.text": SEVERE, "reply.locale": "es", "crisis.active": false });
    const [pt] = d.trace.playbooks;
    expect(pt).toMatchObject({ playbookId: "tono-cooperativa", kind: "tone", tone: { score: 70 } });
    const severeRule = pt!.rules.find((r) => r.ruleId === "aprobacion-violacion-grave")!;
    expect(severeRule).toMatchObject({ status: "fired", conditions: { result: true, children: [{ fact: "tone.severe", factValue: 1, result: true }] }, actions: [{ applied: true }] });
    expect(replayStored(ctx, d)).toEqual({ decisionId: d.id, identical: true, differences: [] });
    expect(verifyChain(ctx).ok).toBe(true);
  });

  it("a clean reply goes out without approval; another account's case is outside the playbook's trigger", async () => {
    const clean = draft(await cooperativeCase(), CLEAN);
    expect(clean.replyApproval).toBeUndefined();
    expect(clean.tone?.[0]).toMatchObject({ score: 100, passed: true });
    expect(storedDecision(clean.decisionId!).firedRules).toEqual([]);
    const other = draft(await cooperativeCase({ attributes: { account: "otra" } }), SEVERE);
    expect(other.replyApproval).toBeUndefined();
    expect(other.tone).toEqual([]);
    expect(storedDecision(other.decisionId!).trace.playbooks[0]?.trigger).toMatchObject({ matched: false, reason: "trigger condition is false" });
  });

  it("while a crisis is active, even a clean reply waits for approval", async () => {
    for (let i = 0; i < 10; i++) {
      await ingestCase(ctx, fraudCase(i, "tono"), clock);
      at += 10_000;
    }
    expect(listIncidents(ctx)).toEqual([expect.objectContaining({ status: "active", level: 1 })]);
    const receipt = draft(await cooperativeCase(), CLEAN);
    expect(receipt.replyApproval).toEqual({ reason: expect.stringContaining("crisis activa") });
    const d = storedDecision(receipt.decisionId!);
    expect(d.trace.facts).toMatchObject({ "crisis.active": true, "crisis.level": 1, "crisis.playbooks": ["crisis-fraude"] });
    expect(d.firedRules).toEqual([{ playbookId: "tono-cooperativa", ruleId: "aprobacion-crisis" }]);
    expect(replayStored(ctx, d).identical).toBe(true);
  });

  it("other events run no rules, as before", async () => {
    const caseId = await cooperativeCase();
    const r = addCaseEvent(ctx, caseId, { type: "agent_replied", eventId: "respuesta-1", occurredAt: new Date(at).toISOString(), text: SEVERE }, new Date(at));
    expect(r.tone).toBeUndefined();
    expect(storedDecision(r.decisionId!)).toMatchObject({ playbooks: [], firedRules: [] });
  });
});
