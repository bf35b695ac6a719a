// Acceptance (issue 6): a webhook receiver in the test gets the signed notification; when it
// fails, retries happen spaced by the backoff and the dead letter shows after the last one.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifySignature } from "@/app/_server/webhook-signature";
import { apiClient, sampleCase } from "../support/api";
import { startServer, type RunningServer } from "../support/server";

const BASE_MS = 200;
let server: RunningServer;
let call: ReturnType<typeof apiClient>;

/** A real receiver: records every request and answers with `status` (changeable). */
interface Received {
  at: number;
  headers: IncomingHttpHeaders;
  body: string;
}
let receiver: Server;
let receiverUrl: string;
let status = 200;
const received: Received[] = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ at: Date.now(), headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(status).end(status === 200 ? "ok" : "down");
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  server = await startServer({ env: { PAUTA_WEBHOOK_RETRY_BASE_MS: String(BASE_MS), PAUTA_WEBHOOK_MAX_ATTEMPTS: "3" } });
  call = apiClient(server);
}, 120_000);
afterAll(async () => {
  await server?.stop();
  await new Promise((r) => receiver?.close(r));
});

async function until<T>(what: string, fn: () => Promise<T | undefined> | T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A fraud report for the cooperativa's playbook: it notifies supervisor-fraude. */
const fraudCase = () =>
  sampleCase({
    text: "Me clonaron la tarjeta y hay cargos que no reconozco",
    customer: { id: `socio-${Date.now()}`, name: "José Martínez", tier: "standard", segment: "socio", region: "central", country: "SV" },
    attributes: { account: "cooperativa-sv" },
  });

describe("webhooks end to end", () => {
  let endpoint: { id: string; secret: string };

  it("creates an endpoint over the API: the secret is shown once and never listed", async () => {
    const bad = await call("POST", "/api/v1/webhooks", { name: "x", url: "not a url" });
    expect(bad.status).toBe(422);
    expect(bad.body.error.issues).toEqual([expect.objectContaining({ path: "url" })]);
    const res = await call("POST", "/api/v1/webhooks", { name: "Supervisores", url: receiverUrl, targets: ["supervisor-fraude"] });
    expect(res.status).toBe(201);
    expect(res.body.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    endpoint = res.body;
    const list = await call("GET", "/api/v1/webhooks");
    expect(list.body.items).toEqual([expect.objectContaining({ id: endpoint.id, targets: ["supervisor-fraude"], enabled: true })]);
    expect(JSON.stringify(list.body)).not.toContain(endpoint.secret);
  });

  it("a case that fires a notify action reaches the receiver, signed; a tampered body does not verify", async () => {
    const c = await call("POST", "/api/v1/cases", fraudCase());
    expect(c.status).toBe(201);
    expect(c.body.decision.outcome.notifications).toEqual([expect.objectContaining({ target: "supervisor-fraude" })]);
    const got = await until("the notification", () => received.find((r) => JSON.parse(r.body).caseId === c.body.caseId));
    const body = JSON.parse(got.body);
    expect(body).toMatchObject({ type: "notification", target: "supervisor-fraude", subject: "case", caseId: c.body.caseId, decisionId: c.body.decisionId, queue: "prevencion-fraude", priority: "urgent" });
    expect(got.headers["content-type"]).toBe("application/json");
    expect(got.headers["x-pauta-delivery"]).toBe(body.deliveryId);
    const ts = String(got.headers["x-pauta-timestamp"]);
    expect(Math.abs(Number(ts) - Date.now() / 1000)).toBeLessThan(30);
    expect(verifySignature(endpoint.secret, ts, got.body, String(got.headers["x-pauta-signature"]))).toBe(true);
    expect(verifySignature(endpoint.secret, ts, got.body.replace("supervisor-fraude", "otro"), String(got.headers["x-pauta-signature"]))).toBe(false);
    const deliveries = await until("delivered", async () => {
      const r = await call("GET", `/api/v1/webhooks/${endpoint.id}/deliveries`);
      return r.body.items[0]?.status === "delivered" ? r.body.items : undefined;
    });
    expect(deliveries[0]).toMatchObject({ id: body.deliveryId, attempts: 1, lastStatus: 200 });

    // The in-app list has it too.
    const n = await call("GET", "/api/v1/notifications");
    expect(n.status).toBe(200);
    expect(n.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ id: body.notificationId, target: "supervisor-fraude", caseId: c.body.caseId, readAt: null })]));
    expect(n.body.unread).toBeGreaterThanOrEqual(1);
    const read = await call("POST", `/api/v1/notifications/${body.notificationId}/read`);
    expect(read.body).toMatchObject({ readAt: expect.any(String), readBy: expect.stringMatching(/^api_key:/) });
  });

  it("when the receiver fails, retries are spaced by the backoff and the dead letter shows after the last; retrying after recovery delivers it", async () => {
    status = 500;
    const c = await call("POST", "/api/v1/cases", fraudCase());
    const mine = () => received.filter((r) => JSON.parse(r.body).caseId === c.body.caseId);
    const dead = await until(
      "the dead letter",
      async () => {
        const r = await call("GET", "/api/v1/webhook-deliveries?status=dead");
        return r.body.items.find((d: { body: string }) => JSON.parse(d.body).caseId === c.body.caseId);
      },
      15_000,
    );
    const attempts = mine();
    expect(attempts).toHaveLength(3);
    // base × 2^(n−1): at least 200 ms, then at least 400 ms between attempts.
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(BASE_MS - 20);
    expect(attempts[2]!.at - attempts[1]!.at).toBeGreaterThanOrEqual(2 * BASE_MS - 20);
    // The same delivery each time, signed each time.
    expect(new Set(attempts.map((a) => a.headers["x-pauta-delivery"])).size).toBe(1);
    for (const a of attempts) expect(verifySignature(endpoint.secret, String(a.headers["x-pauta-timestamp"]), a.body, String(a.headers["x-pauta-signature"]))).toBe(true);
    expect(dead).toMatchObject({ status: "dead", attempts: 3, lastStatus: 500, lastError: "the receiver answered HTTP 500", endpointId: endpoint.id, deadAt: expect.any(String) });
    // No fourth attempt.
    await new Promise((r) => setTimeout(r, 4 * BASE_MS + 1200));
    expect(mine()).toHaveLength(3);

    status = 200;
    const retried = await call("POST", `/api/v1/webhook-deliveries/${dead.id}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ status: "pending", attempts: 0 });
    await until("the retried delivery", () => mine().length === 4 || undefined);
    const after = await until("delivered", async () => {
      const r = await call("GET", `/api/v1/webhooks/${endpoint.id}/deliveries`);
      const d = r.body.items.find((x: { id: string }) => x.id === dead.id);
      return d?.status === "delivered" ? d : undefined;
    });
    expect(after).toMatchObject({ attempts: 1, lastStatus: 200, deadAt: null });
    expect((await call("GET", "/api/v1/webhook-deliveries?status=dead")).body.items).toEqual([]);
    expect((await call("POST", `/api/v1/webhook-deliveries/${dead.id}/retry`)).status).toBe(409);
    // The audit log keeps the dead round.
    const log = await call("GET", `/api/v1/audit/log?entityId=${endpoint.id}`);
    expect(log.body.items.map((i: { action: string }) => i.action)).toEqual(["webhook.delivery_retried", "webhook.created"]);
    expect(log.body.items[0].before).toMatchObject({ deliveryId: dead.id, attempts: 3, lastStatus: 500 });
  }, 30_000);

  it("send test pings the endpoint; pausing it stops notifications; targets filter them", async () => {
    const ping = await call("POST", `/api/v1/webhooks/${endpoint.id}/test`);
    expect(ping.status).toBe(202);
    await until("the ping", () => received.find((r) => JSON.parse(r.body).deliveryId === ping.body.id));
    expect((await call("PATCH", `/api/v1/webhooks/${endpoint.id}`, { enabled: false })).body.enabled).toBe(false);
    const before = received.length;
    await call("POST", "/api/v1/cases", fraudCase());
    await new Promise((r) => setTimeout(r, 1500));
    expect(received.length).toBe(before);
    // Pings are not in-app notifications.
    expect((await call("GET", "/api/v1/notifications")).body.items.every((i: { kind: string }) => i.kind !== "ping")).toBe(true);
    const rotated = await call("POST", `/api/v1/webhooks/${endpoint.id}/rotate-secret`);
    expect(rotated.body.secret).not.toBe(endpoint.secret);
    expect((await call("DELETE", `/api/v1/webhooks/${endpoint.id}`)).body).toEqual({ id: endpoint.id, deleted: true });
    expect((await call("GET", `/api/v1/webhooks/${endpoint.id}`)).status).toBe(404);
  });
});
