// Webhook endpoints and their deliveries. A delivery is a row: the loop (webhook-loop.ts, one per
// process) claims due rows under a lease in an immediate transaction, POSTs them signed, and
// records the answer; failures retry with exponential backoff and end in the dead-letter list.
import { randomBytes, randomUUID } from "node:crypto";
import { and, asc, count, desc, eq, inArray, isNull, lt, lte, or } from "drizzle-orm";
import {
  WebhookEndpointCreate,
  WebhookEndpointUpdate,
  type WebhookDelivery,
  type WebhookDeliveryStatus,
  type WebhookEndpoint,
  type WebhookEndpointWithSecret,
} from "@/schemas/notifications";
import type { ServiceContext } from "../db/client";
import type { Exec } from "../db/tx";
import { notifications, webhookDeliveries, webhookEndpoints } from "../db/schema";
import { NotFoundError, ServiceError, ValidationError, zodIssues } from "../errors";
import { DELIVERY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, signatureHeader } from "../webhook-signature";
import { emitAudit } from "./audit";
import { PING_KIND, deliveryBody, insertDelivery } from "./notifications";

type EndpointRow = typeof webhookEndpoints.$inferSelect;
type DeliveryRow = typeof webhookDeliveries.$inferSelect;

/** 32 random bytes, base64url: the HMAC key receivers verify with. */
export function generateWebhookSecret(): string {
  return randomBytes(32).toString("base64url");
}

function counts(tx: Exec, endpointId: string): { pending: number; dead: number } {
  const rows = tx
    .select({ status: webhookDeliveries.status, n: count() })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.endpointId, endpointId), inArray(webhookDeliveries.status, ["pending", "dead"])))
    .groupBy(webhookDeliveries.status)
    .all();
  return { pending: rows.find((r) => r.status === "pending")?.n ?? 0, dead: rows.find((r) => r.status === "dead")?.n ?? 0 };
}

function toEndpoint(tx: Exec, r: EndpointRow): WebhookEndpoint {
  return { id: r.id, name: r.name, url: r.url, targets: JSON.parse(r.targets) as string[], enabled: r.enabled, createdAt: r.createdAt, createdBy: r.createdBy, ...counts(tx, r.id) };
}

/** What the audit log keeps of an endpoint: never its secret. */
function audited(r: EndpointRow) {
  return { name: r.name, url: r.url, targets: JSON.parse(r.targets) as string[], enabled: r.enabled };
}

function endpointRow(tx: Exec, id: string): EndpointRow {
  const row = tx.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)).get();
  if (!row) throw new NotFoundError("webhook endpoint", id);
  return row;
}

export function listWebhookEndpoints(ctx: ServiceContext): WebhookEndpoint[] {
  return ctx.db.select().from(webhookEndpoints).orderBy(asc(webhookEndpoints.createdAt), asc(webhookEndpoints.id)).all().map((r) => toEndpoint(ctx.db, r));
}

export function getWebhookEndpoint(ctx: ServiceContext, id: string): WebhookEndpoint {
  return toEndpoint(ctx.db, endpointRow(ctx.db, id));
}

/** A new endpoint; its secret is generated here and returned in this answer (and on rotation) only. */
export function createWebhookEndpoint(ctx: ServiceContext, input: unknown, actor: string, now = new Date()): WebhookEndpointWithSecret {
  const parsed = WebhookEndpointCreate.safeParse(input);
  if (!parsed.success) throw new ValidationError("invalid webhook endpoint", zodIssues(parsed.error));
  const d = parsed.data;
  const row: EndpointRow = {
    id: randomUUID(),
    name: d.name,
    url: d.url,
    secret: generateWebhookSecret(),
    targets: JSON.stringify([...new Set(d.targets)]),
    enabled: d.enabled,
    createdAt: now.toISOString(),
    createdBy: actor,
  };
  return ctx.db.transaction(
    (tx) => {
      tx.insert(webhookEndpoints).values(row).run();
      emitAudit(tx, { actor, action: "webhook.created", entityId: row.id, at: row.createdAt, after: audited(row) });
      return { ...toEndpoint(tx, row), secret: row.secret };
    },
    { behavior: "immediate" },
  );
}

export function updateWebhookEndpoint(ctx: ServiceContext, id: string, input: unknown, actor: string, now = new Date()): WebhookEndpoint {
  const parsed = WebhookEndpointUpdate.safeParse(input);
  if (!parsed.success) throw new ValidationError("invalid webhook endpoint change", zodIssues(parsed.error));
  const u = parsed.data;
  return ctx.db.transaction(
    (tx) => {
      const before = endpointRow(tx, id);
      const after: EndpointRow = {
        ...before,
        ...(u.name !== undefined ? { name: u.name } : {}),
        ...(u.url !== undefined ? { url: u.url } : {}),
        ...(u.targets !== undefined ? { targets: JSON.stringify([...new Set(u.targets)]) } : {}),
        ...(u.enabled !== undefined ? { enabled: u.enabled } : {}),
      };
      tx.update(webhookEndpoints).set({ name: after.name, url: after.url, targets: after.targets, enabled: after.enabled }).where(eq(webhookEndpoints.id, id)).run();
      emitAudit(tx, { actor, action: "webhook.updated", entityId: id, at: now.toISOString(), before: audited(before), after: audited(after) });
      return toEndpoint(tx, after);
    },
    { behavior: "immediate" },
  );
}

/** Delete an endpoint with its deliveries (the audit log keeps what it was and how many deliveries went with it). */
export function deleteWebhookEndpoint(ctx: ServiceContext, id: string, actor: string, now = new Date()): { id: string; deleted: true } {
  return ctx.db.transaction(
    (tx) => {
      const before = endpointRow(tx, id);
      const gone = tx.delete(webhookDeliveries).where(eq(webhookDeliveries.endpointId, id)).run().changes;
      tx.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id)).run();
      emitAudit(tx, { actor, action: "webhook.deleted", entityId: id, at: now.toISOString(), before: { ...audited(before), deliveries: gone } });
      return { id, deleted: true as const };
    },
    { behavior: "immediate" },
  );
}

/** A new secret, effective for every delivery sent from now on (pending ones included); returned once. */
export function rotateWebhookSecret(ctx: ServiceContext, id: string, actor: string, now = new Date()): WebhookEndpointWithSecret {
  return ctx.db.transaction(
    (tx) => {
      const row = endpointRow(tx, id);
      const secret = generateWebhookSecret();
      tx.update(webhookEndpoints).set({ secret }).where(eq(webhookEndpoints.id, id)).run();
      emitAudit(tx, { actor, action: "webhook.secret_rotated", entityId: id, at: now.toISOString() });
      return { ...toEndpoint(tx, row), secret };
    },
    { behavior: "immediate" },
  );
}

/** "Send test": a ping delivery to this endpoint (enabled or not), sent by the loop like any other. */
export function sendTestWebhook(ctx: ServiceContext, id: string, actor: string, now = new Date()): WebhookDelivery {
  return ctx.db.transaction(
    (tx) => {
      const endpoint = endpointRow(tx, id);
      const notificationId = randomUUID();
      const deliveryId = randomUUID();
      const createdAt = now.toISOString();
      const message = `test from ${actor}`;
      tx.insert(notifications).values({ id: notificationId, kind: PING_KIND, target: PING_KIND, message, createdAt, readAt: createdAt, readBy: actor }).run();
      const body = deliveryBody({ type: "ping", deliveryId, notificationId, target: PING_KIND, message, subject: PING_KIND, caseId: null, decisionId: null, queue: null, priority: null, createdAt });
      insertDelivery(tx, { id: deliveryId, endpointId: id, notificationId, body, now });
      return toDelivery(deliveryRow(tx, deliveryId), endpoint.name);
    },
    { behavior: "immediate" },
  );
}

function deliveryRow(tx: Exec, id: string): DeliveryRow {
  const row = tx.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id)).get();
  if (!row) throw new NotFoundError("webhook delivery", id);
  return row;
}

function toDelivery(r: DeliveryRow, endpointName: string): WebhookDelivery {
  return {
    id: r.id,
    endpointId: r.endpointId,
    endpointName,
    notificationId: r.notificationId,
    status: r.status as WebhookDeliveryStatus,
    attempts: r.attempts,
    nextAttemptAt: r.nextAttemptAt,
    lastStatus: r.lastStatus,
    lastError: r.lastError,
    body: r.body,
    createdAt: r.createdAt,
    deliveredAt: r.deliveredAt,
    deadAt: r.deadAt,
  };
}

/** Deliveries newest first: of one endpoint, of one status (status "dead" is the dead-letter list), or both. */
export function listWebhookDeliveries(ctx: ServiceContext, q: { endpointId?: string; status?: WebhookDeliveryStatus; limit?: number }): WebhookDelivery[] {
  if (q.endpointId) endpointRow(ctx.db, q.endpointId);
  const rows = ctx.db
    .select({ d: webhookDeliveries, name: webhookEndpoints.name })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .where(and(q.endpointId ? eq(webhookDeliveries.endpointId, q.endpointId) : undefined, q.status ? eq(webhookDeliveries.status, q.status) : undefined))
    .orderBy(desc(q.status === "dead" ? webhookDeliveries.deadAt : webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(q.limit ?? 50)
    .all();
  return rows.map((r) => toDelivery(r.d, r.name));
}

/**
 * Take a dead delivery out of the dead-letter list: pending, due now, with a fresh round of
 * attempts (attempts back to 0, so it gets the whole backoff schedule again). Its last status and
 * error stay until the next attempt replaces them; the audit entry keeps the dead round (attempts,
 * last status, last error, when it died), so retrying never erases what happened.
 */
export function retryWebhookDelivery(ctx: ServiceContext, id: string, actor: string, now = new Date()): WebhookDelivery {
  return ctx.db.transaction(
    (tx) => {
      const row = deliveryRow(tx, id);
      if (row.status !== "dead")
        throw new ServiceError("conflict", `only a dead delivery can be retried; this one is ${row.status}`, [{ path: "id", message: "pick a delivery from the dead-letter list" }]);
      const at = now.toISOString();
      tx.update(webhookDeliveries).set({ status: "pending", attempts: 0, nextAttemptAt: at, deadAt: null, leaseUntil: null }).where(eq(webhookDeliveries.id, id)).run();
      emitAudit(tx, {
        actor,
        action: "webhook.delivery_retried",
        entityId: row.endpointId,
        at,
        before: { deliveryId: id, status: "dead", attempts: row.attempts, lastStatus: row.lastStatus, lastError: row.lastError, deadAt: row.deadAt },
        after: { deliveryId: id, status: "pending", attempts: 0 },
      });
      return toDelivery(deliveryRow(tx, id), endpointRow(tx, row.endpointId).name);
    },
    { behavior: "immediate" },
  );
}

// ----- sending ---------------------------------------------------------------------------------

export interface DeliverOptions {
  maxAttempts: number;
  retryBaseMs: number;
  /** per request; a timeout counts as a failed attempt */
  timeoutMs?: number;
  /** how long a claim holds a delivery; past it another process may take it over (a crash mid-send) */
  leaseMs?: number;
  /** deliveries sent per call, in parallel */
  batch?: number;
  fetch?: typeof fetch;
}

/** The delay before attempt `attempts + 1`, after `attempts` failures: base × 2^(attempts−1). */
export function backoffMs(attempts: number, retryBaseMs: number): number {
  return retryBaseMs * 2 ** (attempts - 1);
}

interface Claimed {
  id: string;
  body: string;
  attempts: number;
  url: string;
  secret: string;
  lease: string;
}

/** Claim due deliveries: one immediate transaction sets their lease, so no two processes send one at once. */
export function claimDueDeliveries(ctx: ServiceContext, now: Date, opts: { leaseMs?: number; batch?: number } = {}): Claimed[] {
  const at = now.toISOString();
  const lease = new Date(now.getTime() + (opts.leaseMs ?? 60_000)).toISOString();
  return ctx.db.transaction(
    (tx) => {
      const due = tx
        .select({ id: webhookDeliveries.id, body: webhookDeliveries.body, attempts: webhookDeliveries.attempts, url: webhookEndpoints.url, secret: webhookEndpoints.secret })
        .from(webhookDeliveries)
        .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
        .where(and(eq(webhookDeliveries.status, "pending"), lte(webhookDeliveries.nextAttemptAt, at), or(isNull(webhookDeliveries.leaseUntil), lt(webhookDeliveries.leaseUntil, at))))
        .orderBy(asc(webhookDeliveries.nextAttemptAt), asc(webhookDeliveries.createdAt))
        .limit(opts.batch ?? 20)
        .all();
      if (due.length) tx.update(webhookDeliveries).set({ leaseUntil: lease }).where(inArray(webhookDeliveries.id, due.map((d) => d.id))).run();
      return due.map((d) => ({ ...d, lease }));
    },
    { behavior: "immediate" },
  );
}

/** One POST: the receiver's status, or the network error / timeout as text. */
async function post(c: Claimed, now: Date, opts: DeliverOptions): Promise<{ ok: boolean; status: number | null; error: string | null }> {
  const timestamp = Math.floor(now.getTime() / 1000);
  try {
    const res = await (opts.fetch ?? fetch)(c.url, {
      method: "POST",
      headers: { "content-type": "application/json", [DELIVERY_HEADER]: c.id, [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: signatureHeader(c.secret, timestamp, c.body) },
      body: c.body,
      redirect: "manual",
      signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
    });
    // Only the status matters; drain the answer so the connection is freed.
    await res.arrayBuffer().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status, error: null };
    return { ok: false, status: res.status, error: `the receiver answered HTTP ${res.status}` };
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    if (err.name === "TimeoutError") return { ok: false, status: null, error: `no answer within ${(opts.timeoutMs ?? 10_000) / 1000} s` };
    const cause = (err as Error & { cause?: { code?: string; message?: string } }).cause;
    return { ok: false, status: null, error: cause?.code ? `${err.message}: ${cause.code}` : (cause?.message ?? err.message) };
  }
}

/** Record an attempt, unless the lease was lost meanwhile (another process took over and owns the result). */
function recordAttempt(ctx: ServiceContext, c: Claimed, r: { ok: boolean; status: number | null; error: string | null }, done: Date, opts: DeliverOptions): WebhookDeliveryStatus {
  const attempts = c.attempts + 1;
  const at = done.toISOString();
  const status: WebhookDeliveryStatus = r.ok ? "delivered" : attempts >= opts.maxAttempts ? "dead" : "pending";
  ctx.db
    .update(webhookDeliveries)
    .set({
      status,
      attempts,
      lastStatus: r.status,
      lastError: r.error,
      leaseUntil: null,
      ...(status === "delivered" ? { deliveredAt: at } : {}),
      ...(status === "dead" ? { deadAt: at } : {}),
      ...(status === "pending" ? { nextAttemptAt: new Date(done.getTime() + backoffMs(attempts, opts.retryBaseMs)).toISOString() } : {}),
    })
    .where(and(eq(webhookDeliveries.id, c.id), eq(webhookDeliveries.leaseUntil, c.lease)))
    .run();
  return status;
}

/**
 * Send every delivery due at `now` (one claimed batch, in parallel). `now` stamps the signature and
 * the claim; `done` (default: `now`; the loop passes the clock) stamps the outcome and starts the backoff. Returns what happened.
 */
export async function deliverDueWebhooks(ctx: ServiceContext, now: Date, opts: DeliverOptions & { done?: () => Date }): Promise<{ id: string; status: WebhookDeliveryStatus }[]> {
  const claimed = claimDueDeliveries(ctx, now, opts);
  return Promise.all(
    claimed.map(async (c) => {
      const r = await post(c, now, opts);
      return { id: c.id, status: recordAttempt(ctx, c, r, opts.done?.() ?? now, opts) };
    }),
  );
}

/** When the next pending delivery is due, or its lease ends (the loop sleeps until then, at most a tick). */
export function nextDeliveryDue(ctx: ServiceContext): Date | null {
  const rows = ctx.db
    .select({ at: webhookDeliveries.nextAttemptAt, lease: webhookDeliveries.leaseUntil })
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.status, "pending"))
    .orderBy(asc(webhookDeliveries.nextAttemptAt))
    .limit(20)
    .all();
  const times = rows.map((r) => Math.max(Date.parse(r.at), r.lease ? Date.parse(r.lease) : 0));
  return times.length ? new Date(Math.min(...times)) : null;
}
