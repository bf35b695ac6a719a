import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestContext } from "@/tests/support/db";
import { testRoutingPlaybook } from "@/tests/support/playbooks";
import { addCaseEvent } from "./case-events";
import { ingestCase } from "./cases";
import { verifyChain, verifyChainRange } from "./chain";
import { bundleDigest, exportEvidence } from "./evidence";
import { importPlaybook } from "./playbooks";
import { diffJson, replayDecision, replaySample } from "./replay";

let ctx: ReturnType<typeof createTestContext>;
beforeEach(() => {
  // The published snapshot is per process and keyed by the publish generation, which restarts in each fresh database.
  (globalThis as { __pautaSnapshot?: unknown }).__pautaSnapshot = undefined;
  ctx = createTestContext();
  importPlaybook(ctx, { document: testRoutingPlaybook("unit-q"), publish: true, comment: "test publish", actor: "test" });
});
afterEach(() => ctx.close());

let n = 0;
const aCase = (over: Record<string, unknown> = {}) => ({
  externalId: `p-${++n}`,
  channel: "whatsapp",
  text: "Quiero información de la maestría",
  customer: { id: `c-${n}`, name: "Ana" },
  attributes: { account: "http-tests" },
  ...over,
});

/** Edit the stored decision JSON directly, as someone with file access would. */
function editStored(id: string, edit: (d: any) => void): void {
  const row = ctx.sqlite.prepare("select decision from decisions where id = ?").get(id) as { decision: string };
  const d = JSON.parse(row.decision);
  edit(d);
  ctx.sqlite.prepare("update decisions set decision = ? where id = ?").run(JSON.stringify(d), id);
}

describe("diffJson", () => {
  it("names each differing leaf with a stable path, keys sorted, arrays by index, absent sides omitted", () => {
    const a = { outcome: { queue: "a", tags: ["x", "y"] }, trace: { playbooks: [{ rules: [{ status: "fired" }] }] }, "odd key": 1 };
    const b = { outcome: { queue: "b", tags: ["x"] }, trace: { playbooks: [{ rules: [{ status: "not_fired" }] }] }, extra: true, "odd key": 1 };
    expect(diffJson(a, b)).toEqual([
      { path: "extra", replayed: true },
      { path: "outcome.queue", stored: "a", replayed: "b" },
      { path: "outcome.tags[1]", stored: "y" },
      { path: "trace.playbooks[0].rules[0].status", stored: "fired", replayed: "not_fired" },
    ]);
    expect(diffJson({ "a b": 1, u: undefined }, { "a b": 2 })).toEqual([{ path: '"a b"', stored: 1, replayed: 2 }]);
    expect(diffJson(a, structuredClone(a))).toEqual([]);
  });
});

describe("replay", () => {
  it("a fresh decision replays identical, also after a newer version is published", async () => {
    const r = await ingestCase(ctx, aCase());
    expect(replayDecision(ctx, r.decisionId)).toEqual({ decisionId: r.decisionId, identical: true, differences: [] });
    // The live playbook now routes elsewhere; the replay still uses the version the decision recorded.
    importPlaybook(ctx, { document: testRoutingPlaybook("other-q"), publish: true, comment: "test publish", actor: "test" });
    expect((await ingestCase(ctx, aCase())).decision.outcome.queue).toBe("other-q");
    expect(replayDecision(ctx, r.decisionId).identical).toBe(true);
  });

  it("shows the exact difference when the stored outcome or trace no longer follows from the facts", async () => {
    const r = await ingestCase(ctx, aCase());
    editStored(r.decisionId, (d) => {
      d.outcome.queue = "forged-q";
      d.trace.playbooks[0].rules[1].status = "not_fired";
      d.trace.timings.totalMs = 999; // timings are ignored
    });
    expect(replayDecision(ctx, r.decisionId)).toEqual({
      decisionId: r.decisionId,
      identical: false,
      differences: [
        { path: "outcome.queue", stored: "forged-q", replayed: "unit-q" },
        { path: "trace.playbooks[0].rules[1].status", stored: "not_fired", replayed: "fired" },
      ],
    });
  });

  it("a changed recorded fact changes the replayed answer", async () => {
    const r = await ingestCase(ctx, aCase());
    editStored(r.decisionId, (d) => (d.trace.facts.channel = "email"));
    const out = replayDecision(ctx, r.decisionId);
    expect(out.identical).toBe(false);
    expect(out.differences.map((d) => d.path)).toContain("outcome.queue");
    expect(out.differences.find((d) => d.path === "outcome.queue")).toEqual({ path: "outcome.queue", stored: "unit-q" });
  });

  it("says why when a recorded version is missing, and 404s an unknown decision", async () => {
    const r = await ingestCase(ctx, aCase());
    editStored(r.decisionId, (d) => (d.playbooks[0].versionId = "no-such-version"));
    expect(replayDecision(ctx, r.decisionId)).toMatchObject({ identical: false, error: expect.stringMatching(/no-such-version.*not in the database/) });
    expect(() => replayDecision(ctx, "nope")).toThrow(/not found/);
  });

  it("a sample replay counts identical and different; chunks add up to the whole, the seed fixes the sample", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await ingestCase(ctx, aCase())).decisionId);
    editStored(ids[4]!, (d) => (d.outcome.priority = "urgent"));
    const all = replaySample(ctx, { size: 100, seed: 7 });
    expect(all).toMatchObject({ seed: 7, untilSeq: 12, sampled: 12, checked: 12, identical: 11, different: 1, differentIds: [ids[4]], nextOffset: null });

    const whole = replaySample(ctx, { size: 5, seed: 42 });
    expect(whole.sampled).toBe(5);
    expect(replaySample(ctx, { size: 5, seed: 42 })).toEqual(whole);
    let offset: number | null = 0;
    let checked = 0;
    let identical = 0;
    while (offset !== null) {
      const part = replaySample(ctx, { size: 5, seed: 42, untilSeq: whole.untilSeq, offset, limit: 2 });
      checked += part.checked;
      identical += part.identical;
      offset = part.nextOffset;
    }
    expect({ checked, identical }).toEqual({ checked: 5, identical: whole.identical });
    expect(() => replaySample(ctx, { size: 0 })).toThrow(/invalid sample/);
  });
});

describe("verifyChainRange", () => {
  async function fill(k: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < k; i++) ids.push((await ingestCase(ctx, aCase())).decisionId);
    return ids;
  }
  function walkAll(limit: number) {
    let from = 1;
    let prevHash: string | undefined;
    let checked = 0;
    for (let i = 0; i < 100; i++) {
      const r = verifyChainRange(ctx, { fromSeq: from, limit, ...(prevHash ? { prevHash } : {}) });
      checked += r.checked;
      if (r.done) return { ...r, checked };
      from = r.nextSeq!;
      prevHash = r.prevHash;
    }
    throw new Error("did not finish");
  }

  it("chunks link up to the same answer as one walk", async () => {
    await fill(5);
    expect(walkAll(2)).toMatchObject({ ok: true, checked: 5, total: 5, done: true, nextSeq: null });
    expect(walkAll(5)).toMatchObject({ ok: true, checked: 5 });
    expect(verifyChainRange(ctx, { fromSeq: 1, limit: 2 })).toMatchObject({ ok: true, checked: 2, done: false, nextSeq: 3 });
    // Without prevHash, a chunk continues from the stored hash of the row before it.
    expect(verifyChainRange(ctx, { fromSeq: 3, limit: 10 })).toMatchObject({ ok: true, checked: 3, done: true });
    expect(verifyChainRange(ctx, { fromSeq: 6, limit: 10 })).toMatchObject({ ok: true, checked: 0, done: true });
    expect(() => verifyChainRange(ctx, { fromSeq: 9, limit: 10 })).toThrow(/nothing to continue from/);
  });

  it("names the first bad row in the chunk that holds it, with its seq", async () => {
    const ids = await fill(5);
    ctx.sqlite.prepare("update decisions set queue = 'x' where id = ?").run(ids[3]);
    expect(walkAll(2)).toMatchObject({ ok: false, firstBadId: ids[3], firstBadSeq: 4, checked: 3, done: true });
    expect(verifyChain(ctx)).toMatchObject({ ok: false, firstBadId: ids[3], firstBadSeq: 4 });
  });

  it("names a row whose unhashed search columns were edited to mislead a search", async () => {
    const ids = await fill(3);
    ctx.sqlite.prepare("update decisions set external_id = 'someone-else' where id = ?").run(ids[1]);
    expect(verifyChain(ctx)).toMatchObject({ ok: false, firstBadId: ids[1], firstBadSeq: 2, reason: expect.stringMatching(/search columns/) });
  });

  it("a carried prevHash catches a row deleted at a chunk boundary", async () => {
    const ids = await fill(4);
    const first = verifyChainRange(ctx, { fromSeq: 1, limit: 2 });
    ctx.sqlite.pragma("foreign_keys = OFF");
    for (const t of ["decision_rules", "decision_playbooks", "decision_tags"]) {
      try {
        ctx.sqlite.prepare(`delete from ${t} where decision_seq = 3`).run();
      } catch {
        /* a search table another build may not have */
      }
    }
    ctx.sqlite.prepare("delete from decisions where seq = 3").run();
    const next = verifyChainRange(ctx, { fromSeq: first.nextSeq!, limit: 2, prevHash: first.prevHash });
    expect(next).toMatchObject({ ok: false, firstBadId: ids[3], firstBadSeq: 4 });
    expect(next.reason).toMatch(/removed or inserted/);
  });

  it("names a forged row with a valid hash placed before the first (seq 0)", async () => {
    await fill(2);
    const r = ctx.sqlite.prepare("select * from decisions where seq = 1").get() as Record<string, unknown>;
    const { chainHash } = await import("./chain");
    const forged: Record<string, unknown> = { ...r, seq: 0, id: "forged-0", prev_hash: "0".repeat(64) };
    const content = { seq: 0, id: "forged-0", caseId: r.case_id, subject: r.subject, decidedAt: r.decided_at, matched: !!r.matched, partial: !!r.partial, queue: r.queue, priority: r.priority, decision: r.decision } as never;
    forged.hash = chainHash("0".repeat(64), content);
    const cols = Object.keys(forged);
    ctx.sqlite.prepare(`insert into decisions (${cols.join(",")}) values (${cols.map((c) => `@${c}`).join(",")})`).run(forged);
    expect(verifyChain(ctx)).toMatchObject({ ok: false, firstBadId: "forged-0", firstBadSeq: 0 });
    expect(walkAll(1)).toMatchObject({ ok: false, firstBadId: "forged-0" });
  });
});

describe("evidence bundle", () => {
  const script = path.resolve("scripts/verify-evidence.mjs");
  function runScript(bundle: unknown): { code: number | null; out: string } {
    const file = path.join(ctx.dir, `bundle-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, typeof bundle === "string" ? bundle : JSON.stringify(bundle, null, 2));
    const r = spawnSync(process.execPath, [script, file], { encoding: "utf8" });
    return { code: r.status, out: r.stdout + r.stderr };
  }

  it("holds the case, its events, its decisions as hashed, the versions used and the links; the script accepts it", async () => {
    const c = await ingestCase(ctx, aCase({ externalId: "ev-1" }));
    addCaseEvent(ctx, c.caseId, { eventId: "e1", type: "resolved", occurredAt: "2026-01-01T00:00:00Z" });
    await ingestCase(ctx, aCase()); // another case after it: the bundle's decision is no longer the head
    const b = exportEvidence(ctx, c.caseId, { actor: "user:auditor@example.com" });
    expect(b.case).toMatchObject({ id: c.caseId, externalId: "ev-1" });
    expect(b.events.map((e) => e.eventId)).toEqual(["e1"]);
    // The case's decision, then the event's (its SLA clock changes are in the log too).
    expect(b.decisions).toHaveLength(2);
    expect(b.decisions[0]).toMatchObject({ seq: 1, prevHash: "0".repeat(64), next: { seq: 2 } });
    expect(b.decisions[0]!.content.decision).toEqual(c.decision);
    expect(b.decisions[1]!.content.decision).toMatchObject({ subject: "event", context: { type: "case_event", eventId: "e1" } });
    expect(b.playbookVersions.map((v) => v.versionId)).toEqual(c.decision.playbooks.map((p) => p.versionId));
    expect(b.chain.head?.seq).toBe(3);
    const ok = runScript(b);
    expect(ok.out).toMatch(/^OK: case ev-1: 2 decision\(s\)/);
    expect(ok.code).toBe(0);

    const forged = structuredClone(b) as any;
    forged.decisions[0].content.decision.outcome.queue = "unit-x";
    forged.decisions[0].content.queue = "unit-x";
    const bad = runScript(forged);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(new RegExp(`FAIL: decision ${c.decisionId} \\(seq 1\\): its content does not match its hash`));

    const pb = structuredClone(b) as any;
    pb.playbookVersions[0].document.rules[1].actions[0].queue = "elsewhere";
    expect(runScript(pb)).toMatchObject({ code: 1, out: expect.stringMatching(/FAIL: playbook http-tests-routing v1 .*does not match its content hash/) });

    const missing = structuredClone(b) as any;
    missing.playbookVersions = [];
    expect(runScript(missing).out).toMatch(/not in the bundle/);

    const caseEdited = structuredClone(b) as any;
    caseEdited.case.input.text = "otra cosa";
    expect(runScript(caseEdited).out).toMatch(/FAIL: the bundle digest does not match/);

    expect(runScript("{not json").code).toBe(1);
  });

  it("the script's own RFC 8785 canonical JSON agrees with the app's on awkward keys and numbers", async () => {
    const c = await ingestCase(ctx, aCase({ externalId: "ev-2" }));
    const b = exportEvidence(ctx, c.caseId, { actor: "t" }) as any;
    // Keys that sort differently by UTF-16 code unit than by code point or locale, and numbers JSON writes oddly.
    b.case.input.attributes = { "\u{1F600}": 1, "\uFB33": 2, é: 3, Z: 4, a: 5, "": 6, big: 1e21, small: 1e-7, frac: 0.1 + 0.2, neg: -0, s: "\u2028 \"q\" \\ \u0001" };
    b.digest = bundleDigest(b);
    expect(runScript(b)).toMatchObject({ code: 0, out: expect.stringMatching(/^OK/) });
  });

  it("404s an unknown case", () => {
    expect(() => exportEvidence(ctx, "nope", { actor: "x" })).toThrow(/not found/);
  });
});
