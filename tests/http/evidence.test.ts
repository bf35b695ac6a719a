// The evidence bundle, exported from the running app and checked by the standalone script — which
// must also refuse it after a single byte is changed.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient } from "../support/api";
import { REPO_ROOT, startServer, type RunningServer } from "../support/server";

let server: RunningServer;
let call: ReturnType<typeof apiClient>;
let dir: string;
let caseId: string;
let decisionId: string;
let queue: string;

const SCRIPT = path.join(REPO_ROOT, "scripts/verify-evidence.mjs");

/** A WhatsApp lead the example posgrados playbook routes (to posgrado-mx), so the decision has a queue. */
const lead = (externalId: string) => ({
  externalId,
  channel: "whatsapp",
  text: "Hola, quiero información de la maestria en administración, ¿cuándo empiezan las clases?",
  customer: { id: "wa:5218112345678", name: "Ana Sofía López", country: "MX" },
  attributes: { account: "posgrados-unimx", program: "maestria en administracion", leadScore: 40 },
});

function verifyFile(bytes: Buffer | string): { code: number | null; out: string } {
  const file = path.join(dir, `bundle-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, bytes);
  // Plain node, outside the repo's module resolution: the script must stand alone.
  const r = spawnSync(process.execPath, [SCRIPT, file], { encoding: "utf8", cwd: dir });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

/** Replace the one byte at `at` with `to` (an ASCII character). */
function changeByte(original: Buffer, at: number, to: string): Buffer {
  const copy = Buffer.from(original);
  expect(at).toBeGreaterThan(0);
  expect(String.fromCharCode(copy[at]!)).not.toBe(to);
  copy[at] = to.charCodeAt(0);
  return copy;
}

beforeAll(async () => {
  server = await startServer();
  call = apiClient(server);
  dir = mkdtempSync(path.join(tmpdir(), "pauta-evidence-"));
  const created = await call("POST", "/api/v1/cases", lead("wa-evidence-1"));
  expect(created.status).toBe(201);
  ({ caseId, decisionId } = created.body);
  queue = created.body.decision.outcome.queue;
  expect(queue).toBe("posgrado-mx");
  expect((await call("POST", `/api/v1/cases/${caseId}/events`, { eventId: "ev-1", type: "agent_replied", occurredAt: new Date().toISOString(), text: "¡Hola Ana!" })).status).toBe(201);
  // Later decisions of other cases: the bundle's decision is inside the chain, not at its head.
  for (let i = 2; i <= 3; i++) expect((await call("POST", "/api/v1/cases", lead(`wa-evidence-${i}`))).status).toBe(201);
});
afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function download(): Promise<{ bytes: Buffer; bundle: any }> {
  const res = await fetch(`${server.baseUrl}/api/v1/cases/${caseId}/evidence`, { headers: { authorization: `Bearer ${server.apiKey}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="pauta-evidence-wa-evidence-1-\d{4}-\d\d-\d\d\.json"$/);
  const bytes = Buffer.from(await res.arrayBuffer());
  return { bytes, bundle: JSON.parse(bytes.toString("utf8")) };
}

describe("GET /api/v1/cases/:id/evidence", () => {
  it("holds the case, its events, its decisions as hashed with their links, the versions used and the chain head", async () => {
    const { bundle } = await download();
    expect(bundle).toMatchObject({ format: "pauta-evidence-bundle", version: 1, generatedBy: expect.stringMatching(/^api_key:/) });
    expect(bundle.case).toMatchObject({ id: caseId, externalId: "wa-evidence-1", channel: "whatsapp", input: { attributes: { account: "posgrados-unimx" } } });
    expect(bundle.events).toEqual([expect.objectContaining({ eventId: "ev-1", type: "agent_replied" })]);
    // The case's decision, then its event's (the agent reply stopped its SLA clock).
    expect(bundle.decisions).toHaveLength(2);
    const d = bundle.decisions[0];
    expect(bundle.decisions[1].content.decision).toMatchObject({ subject: "event", context: { eventId: "ev-1", clocks: [expect.objectContaining({ metric: "first_response", change: "stopped" })] } });
    expect(d.content).toMatchObject({ id: decisionId, caseId, queue: "posgrado-mx" });
    expect(d.content.decision.trace.facts.customer.id).toBe("wa:5218112345678");
    expect(d.next).toEqual({ seq: d.seq + 1, prevHash: d.hash });
    expect(bundle.chain.head.seq).toBe(d.seq + 3);
    // The stored decision, as the API serves it, is exactly the hashed content's decision.
    const stored = await call("GET", `/api/v1/decisions/${decisionId}`);
    expect(d.content.decision).toEqual(stored.body.decision);
    const usedVersions = stored.body.decision.playbooks.map((p: { versionId: string }) => p.versionId).sort();
    expect(bundle.playbookVersions.map((v: { versionId: string }) => v.versionId).sort()).toEqual(usedVersions);
    expect(bundle.digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it("the standalone script verifies the real bundle", async () => {
    const { bytes } = await download();
    const r = verifyFile(bytes);
    expect(r.out).toMatch(/^OK: case wa-evidence-1: 2 decision\(s\), \d+ playbook version\(s\), chain head seq \d+/);
    expect(r.code).toBe(0);
  });

  it("fails, naming the decision, after one byte of its queue changes", async () => {
    const { bytes, bundle } = await download();
    // The content's queue column (the first "queue" inside the decisions list). Byte offsets: the text has accents.
    const at = bytes.indexOf(`"queue":"${queue}"`, bytes.indexOf('"decisions":[')) + `"queue":"`.length;
    const r = verifyFile(changeByte(bytes, at, "P"));
    expect(r.code).toBe(1);
    expect(r.out).toContain(`FAIL: decision ${decisionId} (seq ${bundle.decisions[0].seq}): its content does not match its hash`);
  });

  it("fails, naming the decision, after one digit of a recorded fact changes", async () => {
    const { bytes } = await download();
    const facts = bytes.indexOf('"facts":{', bytes.indexOf('"decisions":['));
    expect(facts).toBeGreaterThan(0);
    const at = bytes.indexOf("5218112345678", facts) + 3; // the "8" of 5218…
    const r = verifyFile(changeByte(bytes, at, "9"));
    expect(r.code).toBe(1);
    expect(r.out).toContain(`FAIL: decision ${decisionId}`);
    expect(r.out).toContain("does not match its hash");
  });

  it("fails, naming the playbook version, after its document changes", async () => {
    const { bytes, bundle } = await download();
    const v = bundle.playbookVersions.find((x: { playbookId: string }) => x.playbookId === "posgrados-whatsapp");
    const start = bytes.indexOf(`"versionId":"${v.versionId}"`, bytes.indexOf('"playbookVersions":['));
    const at = bytes.indexOf('"name":"', start) + '"name":"'.length;
    const r = verifyFile(changeByte(bytes, at, "#"));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(new RegExp(`FAIL: playbook ${v.playbookId} v${v.version} \\(${v.versionId}\\): its document does not match its content hash`));
  });

  it("fails on the digest when the case or an event is edited, and when a used version is left out", async () => {
    const { bundle } = await download();
    const edited = structuredClone(bundle);
    edited.events[0].payload.text = "¡Hola Ana! (editado)";
    expect(verifyFile(JSON.stringify(edited))).toMatchObject({ code: 1, out: expect.stringContaining("FAIL: the bundle digest does not match") });
    const missing = structuredClone(bundle);
    missing.playbookVersions = missing.playbookVersions.slice(1);
    expect(verifyFile(JSON.stringify(missing))).toMatchObject({ code: 1, out: expect.stringContaining("which is not in the bundle") });
  });

  it("404 for an unknown case; 401 without credentials; 403 for a key without the read scope", async () => {
    expect((await call("GET", "/api/v1/cases/no-such-case/evidence")).status).toBe(404);
    expect((await call("GET", `/api/v1/cases/${caseId}/evidence`, undefined, { key: null })).status).toBe(401);
    const ingest = await call("POST", "/api/v1/api-keys", { name: "gateway", scopes: ["ingest"] });
    const r = await call("GET", `/api/v1/cases/${caseId}/evidence`, undefined, { key: ingest.body.key });
    expect(r.status).toBe(403);
    expect(r.body.error.message).toMatch(/'read'/);
  });
});
