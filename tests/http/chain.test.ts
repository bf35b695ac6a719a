import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, openDbFile, sampleCase } from "../support/api";
import { startServer, type RunningServer } from "../support/server";

let server: RunningServer;
let call: ReturnType<typeof apiClient>;
const decisionIds: string[] = [];

beforeAll(async () => {
  server = await startServer();
  call = apiClient(server);
  for (let i = 0; i < 5; i++) decisionIds.push((await call("POST", "/api/v1/cases", sampleCase())).body.decisionId);
});
afterAll(async () => server?.stop());

/** Run SQL on the live database file directly, as someone with file access would. */
function tamper<T>(fn: (db: ReturnType<typeof openDbFile>) => T): T {
  const db = openDbFile(server.dbPath, false);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

async function verify() {
  const r = await call("GET", "/api/v1/audit/verify");
  expect(r.status).toBe(200);
  return r.body as { ok: boolean; checked: number; firstBadId?: string; reason?: string };
}

describe("GET /api/v1/audit/verify", () => {
  it("is ok on an untouched log and checks every row", async () => {
    expect(await verify()).toEqual({ ok: true, checked: 5 });
  });

  it("names the altered row when a decision column is changed with SQL, and recovers when restored", async () => {
    const original = tamper((db) => db.prepare("select queue from decisions where id = ?").get(decisionIds[1]) as { queue: string | null });
    tamper((db) => db.prepare("update decisions set queue = 'tampered' where id = ?").run(decisionIds[1]));
    const bad = await verify();
    expect(bad).toMatchObject({ ok: false, firstBadId: decisionIds[1], checked: 1 });
    expect(bad.reason).toMatch(/altered/);
    tamper((db) => db.prepare("update decisions set queue = ? where id = ?").run(original.queue, decisionIds[1]));
    expect(await verify()).toEqual({ ok: true, checked: 5 });
  });

  it("names the altered row when the stored decision JSON (its trace) is edited", async () => {
    const row = tamper((db) => db.prepare("select decision from decisions where id = ?").get(decisionIds[2]) as { decision: string });
    const edited = JSON.parse(row.decision);
    edited.outcome.tags = [...(edited.outcome.tags ?? []), "forged"];
    tamper((db) => db.prepare("update decisions set decision = ? where id = ?").run(JSON.stringify(edited), decisionIds[2]));
    expect(await verify()).toMatchObject({ ok: false, firstBadId: decisionIds[2] });
    // Re-formatting the same content (whitespace) is not a change: the hash covers canonical JSON.
    tamper((db) => db.prepare("update decisions set decision = ? where id = ?").run(JSON.stringify(JSON.parse(row.decision), null, 2), decisionIds[2]));
    expect(await verify()).toEqual({ ok: true, checked: 5 });
  });

  it("names the row after a deleted one", async () => {
    tamper((db) => {
      db.pragma("foreign_keys = OFF");
      const seq = (db.prepare("select seq from decisions where id = ?").get(decisionIds[3]) as { seq: number }).seq;
      db.prepare("delete from decision_rules where decision_seq = ?").run(seq);
      db.prepare("delete from decision_playbooks where decision_seq = ?").run(seq);
      db.prepare("delete from decisions where seq = ?").run(seq);
    });
    const r = await verify();
    expect(r).toMatchObject({ ok: false, firstBadId: decisionIds[4] });
    expect(r.reason).toMatch(/removed or inserted/);
  });

  it("detects a removed tail (the last decision deleted)", async () => {
    tamper((db) => {
      db.pragma("foreign_keys = OFF");
      const seq = (db.prepare("select seq from decisions where id = ?").get(decisionIds[4]) as { seq: number }).seq;
      db.prepare("delete from decision_rules where decision_seq = ?").run(seq);
      db.prepare("delete from decision_playbooks where decision_seq = ?").run(seq);
      db.prepare("delete from decisions where seq = ?").run(seq);
    });
    const r = await verify();
    expect(r.ok).toBe(false);
  });
});
