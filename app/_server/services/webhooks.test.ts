import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestContext, caught } from "@/tests/support/db";
import { testRoutingPlaybook } from "@/tests/support/playbooks";
import { verifySignature } from "../webhook-signature";
import { ingestCase, ingestCasesBulk } from "./cases";
import { listNotifications, markAllNotificationsRead, markNotificationRead } from "./notifications";
import { importPlaybook } from "./playbooks";
import {
  backoffMs,
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  deliverDueWebhooks,
  listWebhookDeliveries,
  retryWebhookDelivery,
  rotateWebhookSecret,
  sendTestWebhook,
  updateWebhookEndpoint,
} from "./webhooks";

let ctx: ReturnType<typeof createTestContext>;
beforeEach(() => {
  ctx = createTestContext();
  // The test playbook, plus a rule that notifies two targets on every WhatsApp case.
  const doc = testRoutingPlaybook("q-hooks");
  doc.rules.push({
    id: "notify",
    name: "Tell the supervisors",
    priority: 5,
    conditions: { all: [{ fact: "channel", operator: "equal", value: "whatsapp" }] },
    actions: [
      { type: "set_priority", priority: "high" } as never,
      { type: "notify", target: "supervisor-fraude", message: "Posible fraude" } as never,
      { type: "notify", target: "gerencia" } as never,
    ],
  });
  importPlaybook(ctx, { document: doc, publish: true, comment: "test publish", actor: "t" });
});
afterEach(() => ctx.close());

let n = 0;
const aCase = () => ({ externalId: `w-${++n}`, channel: "whatsapp", text: "hola", customer: { id: `c-${n}`, name: "Ana" }, attributes: { account: "http-tests" } });
const T0 = new Date("2026-03-02T15:00:00.000Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
/** Cases arrive just before T0, so their deliveries are due at T0. */
const clock = { now: () => at(-1000), perf: () => performance.now() };
const OPTS = { maxAttempts: 3, retryBaseMs: 1000 };

interface Sent {
  url: string;
  headers: Record<string, string>;
  body: string;
}
/** A fetch that records each request and answers with the next status (or throws for "network"). */
function fakeFetch(answers: (number | "network")[]) {
  const sent: Sent[] = [];
  const fn = (async (url: string | URL | Request, init?: RequestInit) => {
    sent.push({ url: String(url), headers: init?.headers as Record<string, string>, body: String(init?.body) });
    const a = answers.length > 1 ? answers.shift()! : answers[0]!;
    if (a === "network") throw new TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } });
    return new Response(a === 204 ? null : "ok", { status: a });
  }) as typeof fetch;
  return { fn, sent };
}

describe("enqueue", () => {
  it("a live decision writes one notification per target and one delivery per endpoint that wants it", async () => {
    const all = createWebhookEndpoint(ctx, { name: "all", url: "https://hooks.example.com/all" }, "user:a@x");
    const fraud = createWebhookEndpoint(ctx, { name: "fraud", url: "http://hooks.example.com/fraud", targets: ["supervisor-fraude"] }, "user:a@x");
    const off = createWebhookEndpoint(ctx, { name: "off", url: "https://hooks.example.com/off", enabled: false }, "user:a@x");
    const r = await ingestCase(ctx, aCase(), clock);

    const list = listNotifications(ctx);
    expect(list.unread).toBe(2);
    expect(list.items.map((i) => [i.target, i.message, i.kind, i.caseId, i.decisionId])).toEqual(
      expect.arrayContaining([
        ["supervisor-fraude", "Posible fraude", "case", r.caseId, r.decisionId],
        ["gerencia", null, "case", r.caseId, r.decisionId],
      ]),
    );
    expect(listWebhookDeliveries(ctx, { endpointId: all.id })).toHaveLength(2);
    const [d] = listWebhookDeliveries(ctx, { endpointId: fraud.id });
    expect(listWebhookDeliveries(ctx, { endpointId: fraud.id })).toHaveLength(1);
    expect(listWebhookDeliveries(ctx, { endpointId: off.id })).toHaveLength(0);
    // The body: fixed key order, the decision's outcome for the case.
    const body = JSON.parse(d!.body) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(["type", "deliveryId", "notificationId", "target", "message", "subject", "caseId", "decisionId", "queue", "priority", "createdAt"]);
    expect(body).toMatchObject({ type: "notification", deliveryId: d!.id, target: "supervisor-fraude", subject: "case", caseId: r.caseId, decisionId: r.decisionId, queue: "q-hooks", priority: "high" });
  });

  it("bulk imports (history) notify nobody and call no webhook", async () => {
    createWebhookEndpoint(ctx, { name: "all", url: "https://hooks.example.com/all" }, "t");
    await ingestCasesBulk(ctx, [aCase(), aCase()], clock);
    expect(listNotifications(ctx)).toEqual({ items: [], unread: 0 });
    expect(listWebhookDeliveries(ctx, {})).toEqual([]);
  });

  it("marks one or all read; the count follows", async () => {
    await ingestCase(ctx, aCase(), clock);
    const [first] = listNotifications(ctx).items;
    expect(markNotificationRead(ctx, first!.id, "user:a@x", T0)).toMatchObject({ readAt: T0.toISOString(), readBy: "user:a@x" });
    expect(listNotifications(ctx, { unread: true }).items).toHaveLength(1);
    expect(markAllNotificationsRead(ctx, "user:b@x")).toEqual({ marked: 1 });
    expect(listNotifications(ctx).unread).toBe(0);
    expect(caught(() => markNotificationRead(ctx, "nope", "x")).code).toBe("not_found");
  });
});

describe("endpoints", () => {
  it("validates the URL, generates a secret shown at creation and rotation only, and audits the changes", () => {
    expect(caught(() => createWebhookEndpoint(ctx, { name: "x", url: "ftp://x" }, "t")).issues).toEqual([expect.objectContaining({ path: "url" })]);
    expect(caught(() => createWebhookEndpoint(ctx, { name: "", url: "https://x" }, "t")).issues[0]?.path).toBe("name");
    const e = createWebhookEndpoint(ctx, { name: "x", url: "https://x.example/h" }, "t");
    expect(e.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const rotated = rotateWebhookSecret(ctx, e.id, "t");
    expect(rotated.secret).not.toBe(e.secret);
    expect(updateWebhookEndpoint(ctx, e.id, { enabled: false, targets: ["a", "a"] }, "t")).toMatchObject({ enabled: false, targets: ["a"] });
    expect("secret" in updateWebhookEndpoint(ctx, e.id, {}, "t")).toBe(false);
    sendTestWebhook(ctx, e.id, "t");
    expect(deleteWebhookEndpoint(ctx, e.id, "t")).toEqual({ id: e.id, deleted: true });
    const actions = ctx.sqlite.prepare("select action, before, after from audit_log where entity_id = ? order by id").all(e.id) as { action: string; before: string | null; after: string | null }[];
    expect(actions.map((a) => a.action)).toEqual(["webhook.created", "webhook.secret_rotated", "webhook.updated", "webhook.updated", "webhook.deleted"]);
    for (const a of actions) expect(`${a.before}${a.after}`).not.toContain(e.secret);
    expect(JSON.parse(actions[4]!.before!)).toMatchObject({ deliveries: 1 });
  });
});

describe("delivery", () => {
  it("signs the exact body with the endpoint's secret; a 2xx delivers it", async () => {
    const e = createWebhookEndpoint(ctx, { name: "x", url: "https://x.example/h", targets: ["gerencia"] }, "t");
    await ingestCase(ctx, aCase(), clock);
    const f = fakeFetch([204]);
    expect(await deliverDueWebhooks(ctx, T0, { ...OPTS, fetch: f.fn })).toEqual([{ id: expect.any(String), status: "delivered" }]);
    const [req] = f.sent;
    expect(req!.url).toBe("https://x.example/h");
    expect(req!.headers["content-type"]).toBe("application/json");
    expect(req!.headers["x-pauta-timestamp"]).toBe(String(T0.getTime() / 1000));
    expect(req!.headers["x-pauta-delivery"]).toBe(JSON.parse(req!.body).deliveryId);
    expect(verifySignature(e.secret, req!.headers["x-pauta-timestamp"]!, req!.body, req!.headers["x-pauta-signature"])).toBe(true);
    expect(verifySignature(e.secret, req!.headers["x-pauta-timestamp"]!, req!.body.replace("gerencia", "gerencia2"), req!.headers["x-pauta-signature"])).toBe(false);
    expect(verifySignature(e.secret, Number(req!.headers["x-pauta-timestamp"]) + 1, req!.body, req!.headers["x-pauta-signature"])).toBe(false);
    expect(verifySignature("other", req!.headers["x-pauta-timestamp"]!, req!.body, req!.headers["x-pauta-signature"])).toBe(false);
    expect(listWebhookDeliveries(ctx, {})[0]).toMatchObject({ status: "delivered", attempts: 1, lastStatus: 204, deliveredAt: T0.toISOString() });
    // Nothing is due any more.
    expect(await deliverDueWebhooks(ctx, at(60_000), { ...OPTS, fetch: f.fn })).toEqual([]);
  });

  it("retries with exponential backoff and goes dead after the last attempt; a retry from the dead letter delivers it", async () => {
    expect([1, 2, 3, 4].map((a) => backoffMs(a, 1000))).toEqual([1000, 2000, 4000, 8000]);
    const e = createWebhookEndpoint(ctx, { name: "x", url: "https://x.example/h", targets: ["gerencia"] }, "t");
    await ingestCase(ctx, aCase(), clock);
    const f = fakeFetch([500, "network", 503]);
    const send = (ms: number) => deliverDueWebhooks(ctx, at(ms), { ...OPTS, fetch: f.fn });
    expect(await send(0)).toMatchObject([{ status: "pending" }]);
    expect(listWebhookDeliveries(ctx, {})[0]).toMatchObject({ attempts: 1, lastStatus: 500, lastError: "the receiver answered HTTP 500", nextAttemptAt: at(1000).toISOString() });
    expect(await send(999)).toEqual([]);
    expect(await send(1000)).toMatchObject([{ status: "pending" }]);
    expect(listWebhookDeliveries(ctx, {})[0]).toMatchObject({ attempts: 2, lastStatus: null, lastError: "fetch failed: ECONNREFUSED", nextAttemptAt: at(3000).toISOString() });
    expect(await send(2999)).toEqual([]);
    expect(await send(3000)).toMatchObject([{ status: "dead" }]);
    const [dead] = listWebhookDeliveries(ctx, { status: "dead" });
    expect(dead).toMatchObject({ endpointId: e.id, endpointName: "x", attempts: 3, lastStatus: 503, deadAt: at(3000).toISOString() });
    expect(await send(3_600_000)).toEqual([]);
    expect(f.sent).toHaveLength(3);

    // Retry: pending, due now, a fresh round; the dead round is kept in the audit log.
    expect(retryWebhookDelivery(ctx, dead!.id, "user:a@x", at(10_000))).toMatchObject({ status: "pending", attempts: 0, deadAt: null, nextAttemptAt: at(10_000).toISOString() });
    expect(caught(() => retryWebhookDelivery(ctx, dead!.id, "t")).code).toBe("conflict");
    const audit = ctx.sqlite.prepare("select before from audit_log where action = 'webhook.delivery_retried'").get() as { before: string };
    expect(JSON.parse(audit.before)).toMatchObject({ deliveryId: dead!.id, attempts: 3, lastStatus: 503 });
    const ok = fakeFetch([200]);
    expect(await deliverDueWebhooks(ctx, at(10_000), { ...OPTS, fetch: ok.fn })).toMatchObject([{ status: "delivered" }]);
    expect(listWebhookDeliveries(ctx, { status: "dead" })).toEqual([]);
    // The same bytes went out again, with a signature for the new timestamp.
    expect(ok.sent[0]!.body).toBe(f.sent[0]!.body);
  });

  it("a timeout counts as a failed attempt", async () => {
    createWebhookEndpoint(ctx, { name: "x", url: "https://x.example/h", targets: ["gerencia"] }, "t");
    await ingestCase(ctx, aCase(), clock);
    const hang = ((_u: unknown, init?: RequestInit) =>
      new Promise((_r, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal!.reason)))) as typeof fetch;
    await deliverDueWebhooks(ctx, T0, { ...OPTS, timeoutMs: 30, fetch: hang });
    expect(listWebhookDeliveries(ctx, {})[0]).toMatchObject({ status: "pending", attempts: 1, lastError: "no answer within 0.03 s" });
  });

  it("two concurrent claimers never both send a delivery; an expired lease is taken over", async () => {
    createWebhookEndpoint(ctx, { name: "x", url: "https://x.example/h" }, "t");
    for (let i = 0; i < 3; i++) await ingestCase(ctx, aCase(), clock);
    // A second connection to the same file: another process.
    const { openDb } = await import("../db/client");
    const other = openDb(ctx.dbPath);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const sent: string[] = [];
    const slow = (async (_u: unknown, init?: RequestInit) => {
      sent.push(JSON.parse(String(init?.body)).deliveryId);
      await gate;
      return new Response(null, { status: 200 });
    }) as typeof fetch;
    const a = deliverDueWebhooks(ctx, T0, { ...OPTS, batch: 3, fetch: slow });
    const b = deliverDueWebhooks({ db: other.db }, T0, { ...OPTS, batch: 3, fetch: slow });
    // While both are in flight, a third claimer (lease still valid) finds nothing.
    expect(await deliverDueWebhooks(ctx, at(1000), { ...OPTS, fetch: slow })).toEqual([]);
    release();
    const [ra, rb] = await Promise.all([a, b]);
    expect([ra.length, rb.length]).toEqual([3, 3]);
    expect(new Set(sent).size).toBe(sent.length);
    expect(sent).toHaveLength(6);
    other.sqlite.close();

    // A claimer that crashed mid-send: its lease expires and another process sends the delivery.
    const e2 = createWebhookEndpoint(ctx, { name: "y", url: "https://y.example/h", targets: ["gerencia"] }, "t");
    await ingestCase(ctx, aCase(), clock);
    const { claimDueDeliveries } = await import("./webhooks");
    expect(claimDueDeliveries(ctx, at(5000), { leaseMs: 60_000 })).toHaveLength(3);
    expect(await deliverDueWebhooks(ctx, at(30_000), { ...OPTS, fetch: fakeFetch([200]).fn })).toEqual([]);
    expect(await deliverDueWebhooks(ctx, at(65_001), { ...OPTS, fetch: fakeFetch([200]).fn })).toHaveLength(3);
    expect(listWebhookDeliveries(ctx, { endpointId: e2.id })[0]).toMatchObject({ status: "delivered" });
  });

  it("send test queues a ping that is not an in-app notification", async () => {
    const e = createWebhookEndpoint(ctx, { name: "x", url: "https://x.example/h", enabled: false }, "t");
    const d = sendTestWebhook(ctx, e.id, "user:a@x", T0);
    expect(JSON.parse(d.body)).toMatchObject({ type: "ping", target: "ping", deliveryId: d.id, caseId: null });
    expect(listNotifications(ctx)).toEqual({ items: [], unread: 0 });
    const f = fakeFetch([200]);
    expect(await deliverDueWebhooks(ctx, T0, { ...OPTS, fetch: f.fn })).toMatchObject([{ id: d.id, status: "delivered" }]);
    expect(verifySignature(e.secret, f.sent[0]!.headers["x-pauta-timestamp"]!, f.sent[0]!.body, f.sent[0]!.headers["x-pauta-signature"])).toBe(true);
  });
});
