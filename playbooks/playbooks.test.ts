import { beforeAll, describe, expect, it } from "vitest";
import { compilePlaybook, deriveFacts, evaluate, type CompiledPlaybook, type EngineClock } from "@/engine";
import { CaseInput, type Decision, type RoutingPlaybook } from "@/schemas";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { lintOkr } from "@/engine/okr";
import { PlaybookFileError, readPlaybookFiles, readSampleFiles } from "./load";

// A fixed clock: the samples must give the same decision on any day.
const NOW = new Date("2026-03-02T18:00:00.000Z");
let tick = 0;
const clock: EngineClock = { now: () => NOW, perf: () => (tick += 0.25) };

const playbookFiles = readPlaybookFiles();
const sampleFiles = readSampleFiles();
const routing = playbookFiles.map((p) => p.document).filter((d): d is RoutingPlaybook => d.kind === "routing");
const rulesOf = new Map(routing.map((d) => [d.id, new Set(d.rules.map((r) => r.id))]));

describe("example playbook files", () => {
  it("are all there and all routing playbooks are scoped to one account", () => {
    expect(routing.map((d) => d.id).sort()).toEqual(["cooperativa-ruteo", "delivery-reembolsos", "posgrados-whatsapp"]);
    for (const d of routing) {
      expect(JSON.stringify(d.trigger.condition), `${d.id}: trigger.condition must test attributes.account`).toContain('"$.account"');
      expect(Object.keys(d.conditions).length, `${d.id}: at least one shared named condition`).toBeGreaterThan(0);
    }
    expect(new Set(routing.map((d) => d.settings.conflictStrategy))).toEqual(new Set(["collect", "first_match"]));
  });

  it("every SLA policy a routing playbook applies is defined by the escalation playbook", () => {
    const defined = new Set(playbookFiles.flatMap((p) => (p.document.kind === "escalation" ? p.document.slaPolicies.map((x) => x.id) : [])));
    const applied = routing.flatMap((d) => d.rules.flatMap((r) => r.actions.flatMap((a) => (a.type === "apply_sla" ? [`${d.id}: ${a.policy}`] : []))));
    expect(applied.length).toBeGreaterThan(0);
    expect(applied.filter((x) => !defined.has(x.split(": ")[1]!))).toEqual([]);
  });

  it("the OKR set follows the seeds' advice: lint-clean, 3–5 objectives of about three key results over the catalogue", () => {
    const okr = playbookFiles.map((p) => p.document).find((d) => d.id === "okr-atencion");
    expect(okr?.kind).toBe("okr");
    if (okr?.kind !== "okr") return;
    expect(lintOkr(okr)).toEqual([]);
    expect(okr.objectives.length).toBeGreaterThanOrEqual(3);
    expect(okr.objectives.length).toBeLessThanOrEqual(5);
    for (const o of okr.objectives) expect(o.keyResults.length, o.id).toBe(3);
    // most of the catalogue is used, in either direction (lower-is-better targets too)
    expect(new Set(okr.objectives.flatMap((o) => o.keyResults.map((k) => k.metric))).size).toBeGreaterThanOrEqual(10);
    expect(okr.objectives.flatMap((o) => o.keyResults).some((k) => k.baseline !== undefined && k.target < k.baseline)).toBe(true);
  });

  it("a broken playbook file is reported with its file and field", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "pauta-playbooks-"));
    const doc = JSON.parse(JSON.stringify(playbookFiles[0]!.document));
    doc.rules[0].actions[0] = { type: "set_priority", priority: "asap" };
    writeFileSync(path.join(dir, "broken.json"), JSON.stringify(doc));
    let err: unknown;
    try {
      readPlaybookFiles(dir);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PlaybookFileError);
    expect((err as PlaybookFileError).message).toContain("broken.json");
    expect((err as PlaybookFileError).issues.map((i) => i.path)).toContain("rules.0.actions.0.priority");
  });

  it.each(playbookFiles.map((p) => [p.document.id, p] as const))("%s compiles", (_id, p) => {
    expect(() => compilePlaybook(p.document, { versionId: `${p.document.id}@1`, version: 1 })).not.toThrow();
  });

  it("every sample file names an existing playbook and existing rule ids", () => {
    for (const { file, samples } of sampleFiles) {
      const rules = rulesOf.get(samples.playbook);
      expect(rules, `${file}: unknown playbook '${samples.playbook}'`).toBeDefined();
      for (const c of samples.cases) {
        for (const r of [...c.expect.firedRules, ...(c.expect.notFiredRules ?? [])]) {
          expect(rules?.has(r), `${file} › ${c.name}: unknown rule '${r}'`).toBe(true);
        }
      }
      expect(samples.cases.length, `${file}: at least 5 sample cases`).toBeGreaterThanOrEqual(5);
    }
  });

  it("every rule of every playbook fires in at least one sample", () => {
    const fired = new Set(sampleFiles.flatMap(({ samples }) => samples.cases.flatMap((c) => c.expect.firedRules.map((r) => `${samples.playbook}/${r}`))));
    const missing = routing.flatMap((d) => d.rules.map((r) => `${d.id}/${r.id}`)).filter((r) => !fired.has(r));
    expect(missing, "rules no sample exercises").toEqual([]);
  });
});

describe("sample cases, all example playbooks published together", () => {
  let compiled: CompiledPlaybook[] = [];
  beforeAll(() => {
    compiled = playbookFiles.map((p) => compilePlaybook(p.document, { versionId: `${p.document.id}@1`, version: 1 }));
  });

  it("a case of another account fires none of the example playbooks' rules", async () => {
    for (const account of ["otra-cuenta", undefined]) {
      const input = CaseInput.parse({
        externalId: `other-${account}`,
        channel: "whatsapp",
        language: "es",
        text: "Quiero el reembolso de mi maestría, me clonaron la tarjeta",
        customer: { id: "c-1", name: "Ana", tier: "vip", country: "MX", segment: "socio" },
        attributes: account ? { account, program: "maestria" } : { program: "maestria" },
      });
      const decision = evaluate({ decisionId: "other", subject: "simulation", facts: await deriveFacts(input, { now: NOW }), playbooks: compiled, clock });
      expect(decision.firedRules, `account ${account ?? "(none)"}`).toEqual([]);
      expect(decision.matched).toBe(false);
    }
  });

  const all = sampleFiles.flatMap(({ samples }) => samples.cases.map((c) => [`${samples.playbook} › ${c.name}`, samples.playbook, c] as const));

  it.each(all)("%s", async (label, playbookId, sample) => {
    const input = CaseInput.parse(sample.case);
    const facts = await deriveFacts(input, { now: NOW });
    const decision: Decision = evaluate({
      decisionId: `sample-${sample.case.externalId}`,
      subject: "simulation",
      facts,
      playbooks: compiled,
      clock,
    });
    const e = sample.expect;
    const o = decision.outcome;
    const at = (field: string) => `${label} › ${field}`;
    const firedHere = decision.firedRules.filter((f) => f.playbookId === playbookId).map((f) => f.ruleId);

    // An account's case must never reach another account's rules.
    expect(
      decision.firedRules.filter((f) => f.playbookId !== playbookId),
      at("rules of other playbooks fired"),
    ).toEqual([]);
    for (const r of e.firedRules) expect(firedHere, at(`firedRules should include '${r}'`)).toContain(r);
    for (const r of e.notFiredRules ?? []) expect(firedHere, at(`notFiredRules: '${r}' fired`)).not.toContain(r);

    expect(decision.partial, at(`partial (errors: ${JSON.stringify(decision.errors)})`)).toBe(e.partial ?? false);
    if (e.matched !== undefined) expect(decision.matched, at("matched")).toBe(e.matched);
    if (e.queue !== undefined) expect(o.queue ?? null, at("queue")).toBe(e.queue);
    if (e.priority !== undefined) expect(o.priority, at("priority")).toBe(e.priority);
    if (e.slaPolicy !== undefined) expect(o.slaPolicy, at("slaPolicy")).toBe(e.slaPolicy);
    if (e.tags !== undefined) expect([...o.tags].sort(), at("tags")).toEqual([...e.tags].sort());
    if (e.notify !== undefined) expect(o.notifications.map((n) => n.target).sort(), at("notify")).toEqual([...e.notify].sort());
    if (e.skills !== undefined) expect([...o.skills].sort(), at("skills")).toEqual([...e.skills].sort());
    if (e.autoReplyContains === null) expect(o.autoReply, at("autoReply (none expected)")).toBeUndefined();
    else if (e.autoReplyContains !== undefined) expect(o.autoReply?.text, at("autoReply.text")).toContain(e.autoReplyContains);
    if (e.autoReplyLocale !== undefined) expect(o.autoReply?.locale, at("autoReply.locale")).toBe(e.autoReplyLocale);
  });
});
