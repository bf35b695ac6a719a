// Replay over HTTP: one decision, and a sample of all of them, against the versions they recorded.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, openDbFile } from "../support/api";
import { startServer, type RunningServer } from "../support/server";

let server: RunningServer;
let call: ReturnType<typeof apiClient>;
const ids: string[] = [];

const lead = (i: number) => ({
  externalId: `wa-replay-${i}`,
  channel: "whatsapp",
  text: i % 2 ? "Hola, quiero información del doctorado en ciencias" : "Hola, quiero información de la maestria en administración",
  customer: { id: `wa:52181100000${i}`, name: "Ana", country: i % 3 ? "MX" : "CO" },
  attributes: { account: "posgrados-unimx", leadScore: 30 + i * 10 },
});

beforeAll(async () => {
  server = await startServer();
  call = apiClient(server);
  for (let i = 0; i < 6; i++) ids.push((await call("POST", "/api/v1/cases", lead(i))).body.decisionId);
});
afterAll(async () => server?.stop());

function editStored(id: string, edit: (d: any) => void): () => void {
  const db = openDbFile(server.dbPath, false);
  try {
    const original = (db.prepare("select decision from decisions where id = ?").get(id) as { decision: string }).decision;
    const d = JSON.parse(original);
    edit(d);
    db.prepare("update decisions set decision = ? where id = ?").run(JSON.stringify(d), id);
    return () => {
      const again = openDbFile(server.dbPath, false);
      again.prepare("update decisions set decision = ? where id = ?").run(original, id);
      again.close();
    };
  } finally {
    db.close();
  }
}

describe("POST /api/v1/decisions/:id/replay", () => {
  it("answers identical for stored decisions, also after a new version of the playbook is published", async () => {
    for (const id of ids) expect((await call("POST", `/api/v1/decisions/${id}/replay`)).body).toEqual({ decisionId: id, identical: true, differences: [] });
    const pb = await call("GET", "/api/v1/playbooks/posgrados-whatsapp");
    const doc = structuredClone(pb.body.publishedDocument);
    for (const rule of doc.rules) for (const a of rule.actions) if (a.type === "route") a.queue = "changed-queue";
    expect((await call("POST", "/api/v1/playbooks?publish=true&comment=test%20publish", doc)).status).toBe(201);
    // New cases now go elsewhere; the old decision still replays identical against the version it recorded.
    const now = await call("POST", "/api/v1/cases", lead(6));
    expect(now.body.decision.outcome.queue).toBe("changed-queue");
    ids.push(now.body.decisionId);
    expect((await call("POST", `/api/v1/decisions/${ids[0]}/replay`)).body).toEqual({ decisionId: ids[0], identical: true, differences: [] });
  });

  it("names each difference when the stored decision no longer follows from its facts", async () => {
    const restore = editStored(ids[1]!, (d) => {
      d.outcome.queue = "somewhere-else";
      d.trace.facts.customer.country = "AR";
    });
    const r = await call("POST", `/api/v1/decisions/${ids[1]}/replay`);
    expect(r.status).toBe(200);
    expect(r.body.identical).toBe(false);
    expect(r.body.differences).toContainEqual(expect.objectContaining({ path: "outcome.queue", stored: "somewhere-else" }));
    restore();
    expect((await call("POST", `/api/v1/decisions/${ids[1]}/replay`)).body.identical).toBe(true);
  });

  it("404 for an unknown decision", async () => {
    const r = await call("POST", "/api/v1/decisions/nope/replay");
    expect(r.status).toBe(404);
  });
});

describe("POST /api/v1/audit/replay-sample", () => {
  it("replays a sample: counts and the ids that differ; the same seed draws the same sample", async () => {
    const restore = editStored(ids[4]!, (d) => (d.outcome.tags = [...d.outcome.tags, "forged"]));
    const all = await call("POST", "/api/v1/audit/replay-sample", { size: 100, seed: 3 });
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ seed: 3, sampled: 7, checked: 7, identical: 6, different: 1, differentIds: [ids[4]], nextOffset: null });
    const a = await call("POST", "/api/v1/audit/replay-sample", { size: 3, seed: 11 });
    const b = await call("POST", "/api/v1/audit/replay-sample", { size: 3, seed: 11 });
    expect(a.body).toEqual(b.body);
    expect(a.body.checked).toBe(3);
    restore();
  });

  it("422 with field issues for a bad size", async () => {
    const r = await call("POST", "/api/v1/audit/replay-sample", { size: 0 });
    expect(r.status).toBe(422);
    expect(r.body.error.issues[0].path).toBe("size");
  });
});
