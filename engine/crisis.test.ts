import { describe, expect, it } from "vitest";
import { compilePlaybook, levelFor, matchDetectors, type Facts } from "./index";

const detector = (extra: Record<string, unknown> = {}) => ({
  id: "fraude",
  name: "Fraude",
  windowMinutes: 15,
  levels: [
    { level: 1, threshold: 10 },
    { level: 2, threshold: 20 },
    { level: 3, threshold: 40 },
  ],
  keywords: { es: ["fraude", "hackeo", "robo de cuenta"], en: ["fraud", "hacked"] },
  ...extra,
});
const crisis = (detectors: unknown[], extra: Record<string, unknown> = {}) =>
  compilePlaybook(
    {
      schemaVersion: 1,
      id: "crisis",
      name: "Crisis",
      kind: "crisis",
      detectors,
      levels: [1, 2, 3].map((level) => ({ level, name: `L${level}` })),
      ...extra,
    } as never,
    { versionId: "crisis@1", version: 1 },
  );
const facts = (text: string, extra: Facts = {}): Facts => ({ channel: "twitter", language: "es", text, normalizedText: text.toLowerCase(), sentiment: { label: "negative" }, customer: { id: "c1" }, ...extra });
const negative = { condition: { all: [{ fact: "sentiment", path: "$.label", operator: "equal", value: "negative" }] } };

describe("matchDetectors", () => {
  it("matches keywords without case or accents, whole words and phrases", () => {
    const pb = crisis([detector()]);
    expect(matchDetectors(pb, facts("Esto es un FRAUDE"))[0]).toMatchObject({ detectorId: "fraude", matched: true, keyword: "fraude" });
    expect(matchDetectors(pb, facts("", { normalizedText: "me hicieron un hackéo" }))[0]).toMatchObject({ matched: true, keyword: "hackeo" });
    expect(matchDetectors(pb, facts("sufrí un robo de cuenta ayer"))[0]).toMatchObject({ matched: true, keyword: "robo de cuenta" });
    expect(matchDetectors(pb, facts("robo de la cuenta"))[0]!.matched).toBe(false);
    expect(matchDetectors(pb, facts("fraudes"))[0]).toMatchObject({ matched: false, reason: expect.stringContaining("none of the keywords") });
  });
  it("a keyword with accents matches the text without them", () => {
    const pb = crisis([detector({ keywords: { es: ["suplantación"] } })]);
    expect(matchDetectors(pb, facts("hubo suplantacion de identidad"))[0]!.matched).toBe(true);
  });
  it("uses the list of the case's language; a language without a list uses every list", () => {
    const pb = crisis([detector()]);
    expect(matchDetectors(pb, facts("my account was hacked"))[0]!.matched).toBe(false);
    expect(matchDetectors(pb, facts("my account was hacked", { language: "en" }))[0]!.matched).toBe(true);
    expect(matchDetectors(pb, facts("esto es fraude", { language: "en" }))[0]!.matched).toBe(false);
    expect(matchDetectors(pb, facts("minha conta fraude hacked", { language: "pt" }))[0]).toMatchObject({ matched: true, keyword: "fraude" });
    expect(matchDetectors(pb, facts("hacked", { language: "pt" }))[0]!.matched).toBe(true);
  });
  it("no keyword lists: every case passing the conditions counts", () => {
    const pb = crisis([detector({ keywords: {} })]);
    expect(matchDetectors(pb, facts("hola"))[0]!.matched).toBe(true);
  });
  it("checks the detector's condition and records its trace", () => {
    const pb = crisis([detector(negative)]);
    const pos = matchDetectors(pb, facts("fraude", { sentiment: { label: "positive" } }))[0]!;
    expect(pos).toMatchObject({ matched: false, reason: "detector condition is false" });
    expect(pos.conditions).toMatchObject({ type: "all", result: false });
    expect(matchDetectors(pb, facts("fraude"))[0]).toMatchObject({ matched: true, conditions: { result: true } });
  });
  it("minFollowers reads customer.followers", () => {
    const pb = crisis([detector({ minFollowers: 1000 })]);
    expect(matchDetectors(pb, facts("fraude", { customer: { id: "c", followers: 5000 } }))[0]!.matched).toBe(true);
    expect(matchDetectors(pb, facts("fraude", { customer: { id: "c", followers: 999 } }))[0]).toMatchObject({ matched: false, reason: expect.stringContaining("999 followers") });
    expect(matchDetectors(pb, facts("fraude"))[0]).toMatchObject({ matched: false, reason: expect.stringContaining("no known followers") });
  });
  it("the playbook's trigger (channels, condition) applies to every detector", () => {
    const pb = crisis([detector(), detector({ id: "otro", keywords: {} })], { trigger: { channels: ["twitter", "facebook"], condition: { all: [{ fact: "language", operator: "in", value: ["es", "en"] }] } } });
    const byChannel = matchDetectors(pb, facts("fraude", { channel: "whatsapp" }));
    expect(byChannel.map((m) => m.matched)).toEqual([false, false]);
    expect(byChannel[0]!.reason).toMatch(/channel "whatsapp" is not one of twitter, facebook/);
    const byCondition = matchDetectors(pb, facts("fraude", { language: "pt" }));
    expect(byCondition[1]).toMatchObject({ matched: false, reason: "trigger condition is false", trigger: { result: false } });
    expect(matchDetectors(pb, facts("fraude")).map((m) => m.matched)).toEqual([true, true]);
  });
  it("a routing playbook has no detectors", () => {
    const routing = compilePlaybook({ schemaVersion: 1, id: "r", name: "R", kind: "routing", rules: [] } as never, { versionId: "r@1", version: 1 });
    expect(matchDetectors(routing, facts("fraude"))).toEqual([]);
  });
});

describe("levelFor", () => {
  const abs = { mode: "absolute" as const, minCases: 3, levels: detector().levels };
  it("absolute: the highest level reached, with its threshold", () => {
    expect(levelFor(abs, 9, 0)).toBeNull();
    expect(levelFor(abs, 10, 0)).toEqual({ level: 1, threshold: 10 });
    expect(levelFor(abs, 25, 100)).toEqual({ level: 2, threshold: 20 });
    expect(levelFor(abs, 40, 0)).toEqual({ level: 3, threshold: 40 });
  });
  it("relative: threshold × baseline, never below minCases", () => {
    const rel = { mode: "relative" as const, minCases: 5, levels: [{ level: 1, threshold: 2 }, { level: 2, threshold: 4 }] };
    expect(levelFor(rel, 7, 2)).toEqual({ level: 1, threshold: 5 }); // 2 × 2 = 4 < minCases 5
    expect(levelFor(rel, 8, 2)).toEqual({ level: 2, threshold: 8 });
    expect(levelFor(rel, 4, 0)).toBeNull(); // no usual volume: minCases decides
    expect(levelFor(rel, 5, 0)).toEqual({ level: 2, threshold: 5 });
    expect(levelFor(rel, 29, 7.5)).toEqual({ level: 1, threshold: 15 });
  });
});
