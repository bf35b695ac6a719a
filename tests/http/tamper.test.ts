// Tampering with the decision log directly in SQLite while the app runs: altered, deleted and
// inserted rows. Both the whole-chain and the chunked verification must name the first bad row.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canonicalJson, sha256 } from "@/app/_server/services/hash";
import { apiClient, openDbFile, sampleCase } from "../support/api";
import { startServer, type RunningServer } from "../support/server";

let server: RunningServer;
let call: ReturnType<typeof apiClient>;
const ids: string[] = [];
const N = 7;

type Row = { seq: number; id: string; case_id: string | null; subject: string; decided_at: string; matched: number; partial: number; queue: string | null; priority: string | null; decision: string; prev_hash: string; hash: string };

beforeAll(async () => {
  server = await startServer();
  call = apiClient(server);
  for (let i = 0; i < N; i++) ids.push((await call("POST", "/api/v1/cases", sampleCase())).body.decisionId);
});
afterAll(async () => server?.stop());

function sql<T>(fn: (db: ReturnType<typeof openDbFile>) => T): T {
  const db = openDbFile(server.dbPath, false);
  try {
    db.pragma("foreign_keys = OFF");
    return fn(db);
  } finally {
    db.close();
  }
}
const rowOf = (id: string) => sql((db) => db.prepare("select * from decisions where id = ?").get(id) as Row);
function insertRow(r: Record<string, unknown>): void {
  const cols = Object.keys(r);
  sql((db) => db.prepare(`insert into decisions (${cols.join(",")}) values (${cols.map((c) => `@${c}`).join(",")})`).run(r));
}
/** The chain's hash, computed independently here the way a forger with the source would. */
function forgeHash(prevHash: string, r: Row): string {
  const content = { seq: r.seq, id: r.id, caseId: r.case_id, subject: r.subject, decidedAt: r.decided_at, matched: !!r.matched, partial: !!r.partial, queue: r.queue, priority: r.priority, decision: JSON.parse(r.decision) };
  return sha256(prevHash + canonicalJson(content));
}

interface Verdict {
  ok: boolean;
  checked: number;
  firstBadId?: string;
  firstBadSeq?: number;
  reason?: string;
}

async function whole(): Promise<Verdict> {
  const r = await call("GET", "/api/v1/audit/verify");
  expect(r.status).toBe(200);
  return r.body;
}

/** The progress-bar way: chunks of `limit`, each carrying the previous chunk's prevHash. */
async function chunked(limit = 2): Promise<Verdict & { chunks: number }> {
  let fromSeq = 1;
  let prevHash: string | undefined;
  let checked = 0;
  for (let chunks = 1; chunks < 100; chunks++) {
    const q = new URLSearchParams({ fromSeq: String(fromSeq), limit: String(limit), ...(prevHash ? { prevHash } : {}) });
    const r = await call("GET", `/api/v1/audit/verify?${q}`);
    expect(r.status).toBe(200);
    checked += r.body.checked;
    expect(r.body.total).toBeGreaterThan(0);
    if (r.body.done) {
      expect(r.body.nextSeq).toBeNull();
      const { ok, firstBadId, firstBadSeq, reason } = r.body;
      return { ok, checked, chunks, ...(firstBadId ? { firstBadId } : {}), ...(firstBadSeq !== undefined ? { firstBadSeq } : {}), ...(reason ? { reason } : {}) };
    }
    fromSeq = r.body.nextSeq;
    prevHash = r.body.prevHash;
  }
  throw new Error("the chunked walk did not finish");
}

async function expectBoth(expected: Partial<Verdict>, reason: RegExp): Promise<void> {
  const a = await whole();
  expect(a).toMatchObject({ ok: false, ...expected });
  expect(a.reason).toMatch(reason);
  const b = await chunked();
  expect(b).toMatchObject({ ok: false, ...expected });
  expect(b.reason).toMatch(reason);
}

async function expectClean(): Promise<void> {
  expect(await whole()).toEqual({ ok: true, checked: N });
  expect(await chunked()).toMatchObject({ ok: true, checked: N, chunks: Math.ceil(N / 2) + (N % 2 === 0 ? 1 : 0) });
}

describe("tampering with the decisions table", () => {
  it("an untouched log verifies, whole and in chunks", async () => {
    await expectClean();
  });

  it("an altered row (one column, then the decision JSON) is named, then passes again once restored", async () => {
    const r = rowOf(ids[2]!);
    sql((db) => db.prepare("update decisions set priority = 'forged' where id = ?").run(ids[2]));
    await expectBoth({ firstBadId: ids[2], firstBadSeq: r.seq, checked: 2 }, /altered/);
    const edited = JSON.parse(r.decision);
    edited.outcome.tags = [...edited.outcome.tags, "forged"];
    sql((db) => db.prepare("update decisions set priority = ?, decision = ? where id = ?").run(r.priority, JSON.stringify(edited), ids[2]));
    await expectBoth({ firstBadId: ids[2], firstBadSeq: r.seq }, /altered/);
    sql((db) => db.prepare("update decisions set decision = ? where id = ?").run(r.decision, ids[2]));
    await expectClean();
  });

  it("a deleted row: the next row is named; restoring the row restores the chain", async () => {
    const r = rowOf(ids[3]!);
    sql((db) => db.prepare("delete from decisions where id = ?").run(ids[3]));
    await expectBoth({ firstBadId: ids[4], firstBadSeq: r.seq + 1, checked: 3 }, /removed or inserted/);
    insertRow(r as unknown as Record<string, unknown>);
    await expectClean();
  });

  it("a deleted row that is re-linked (the next row's prev_hash and every later hash recomputed) is still caught by its seq gap", async () => {
    const victim = rowOf(ids[3]!);
    const all = sql((db) => db.prepare("select * from decisions order by seq").all() as Row[]);
    sql((db) => {
      db.prepare("delete from decisions where id = ?").run(ids[3]);
      let prev = all.find((x) => x.seq === victim.seq - 1)!.hash;
      for (const x of all.filter((x) => x.seq > victim.seq)) {
        const hash = forgeHash(prev, x);
        db.prepare("update decisions set prev_hash = ?, hash = ? where seq = ?").run(prev, hash, x.seq);
        prev = hash;
      }
    });
    await expectBoth({ firstBadId: ids[4], firstBadSeq: victim.seq + 1 }, /expected seq \d+ after seq \d+/);
    sql((db) => {
      for (const x of all.filter((x) => x.seq > victim.seq)) db.prepare("update decisions set prev_hash = ?, hash = ? where seq = ?").run(x.prev_hash, x.hash, x.seq);
    });
    insertRow(victim as unknown as Record<string, unknown>);
    await expectClean();
  });

  it("a forged row appended after the head with a correct hash is named (it is past the recorded head)", async () => {
    const last = rowOf(ids[N - 1]!);
    const forged: Row = { ...last, seq: last.seq + 1, id: "forged-tail", prev_hash: last.hash, hash: "" };
    forged.hash = forgeHash(forged.prev_hash, forged);
    insertRow({ ...forged } as unknown as Record<string, unknown>);
    await expectBoth({ firstBadId: "forged-tail", firstBadSeq: last.seq + 1, checked: N }, /past the recorded chain head/);
    sql((db) => db.prepare("delete from decisions where id = 'forged-tail'").run());
    await expectClean();
  });

  it("a forged row inserted before the first one (seq 0, valid hash from the genesis) is named", async () => {
    const first = rowOf(ids[0]!);
    const forged: Row = { ...first, seq: 0, id: "forged-zero", prev_hash: "0".repeat(64), hash: "" };
    forged.hash = forgeHash(forged.prev_hash, forged);
    insertRow({ ...forged } as unknown as Record<string, unknown>);
    await expectBoth({ firstBadId: "forged-zero", firstBadSeq: 0, checked: 0 }, /expected seq 1/);
    sql((db) => db.prepare("delete from decisions where id = 'forged-zero'").run());
    await expectClean();
  });

  it("a forged row with a made-up hash in a gap is named", async () => {
    // Make a gap by moving the last row far out, then insert a forgery where it was.
    const last = rowOf(ids[N - 1]!);
    sql((db) => db.prepare("update decisions set seq = ? where id = ?").run(last.seq + 1000, ids[N - 1]));
    insertRow({ ...last, id: "forged-mid", hash: "f".repeat(64) } as unknown as Record<string, unknown>);
    await expectBoth({ firstBadId: "forged-mid", firstBadSeq: last.seq, checked: N - 1 }, /altered/);
    sql((db) => {
      db.prepare("delete from decisions where id = 'forged-mid'").run();
      db.prepare("update decisions set seq = ? where id = ?").run(last.seq, ids[N - 1]);
    });
    await expectClean();
  });

  it("rejects a malformed chunk request with field-level issues", async () => {
    const r = await call("GET", "/api/v1/audit/verify?fromSeq=-1&limit=0&prevHash=xyz");
    expect(r.status).toBe(422);
    expect(r.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(["fromSeq", "limit", "prevHash"]);
  });
});
