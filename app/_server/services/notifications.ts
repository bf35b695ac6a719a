// Notify actions become rows: one in-app notification per target, and one webhook delivery per
// endpoint that wants the target. Both are written in the transaction that stores the decision,
// so a stored decision never loses its notifications and a rolled-back one never sends any.
import { randomUUID } from "node:crypto";
import { and, count, desc, eq, isNull, ne } from "drizzle-orm";
import type { Decision } from "@/schemas";
import type { NotificationItem, NotificationList } from "@/schemas/notifications";
import type { ServiceContext } from "../db/client";
import type { Exec } from "../db/tx";
import { notifications, webhookDeliveries, webhookEndpoints } from "../db/schema";
import { NotFoundError } from "../errors";

/** A "send test" ping is a notification row too (deliveries need one), but not one for people to read. */
export const PING_KIND = "ping";

/** The endpoints that receive `target`: enabled, and listing it or listing nothing. */
function endpointsFor(tx: Exec, target: string): { id: string }[] {
  return tx
    .select({ id: webhookEndpoints.id, targets: webhookEndpoints.targets })
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.enabled, true))
    .all()
    .filter((e) => {
      const targets = JSON.parse(e.targets) as string[];
      return targets.length === 0 || targets.includes(target);
    });
}

/** The webhook body: built once with a fixed key order, stored, signed and sent byte for byte. */
export function deliveryBody(d: {
  type: "notification" | "ping";
  deliveryId: string;
  notificationId: string;
  target: string;
  message: string | null;
  subject: string;
  caseId: string | null;
  decisionId: string | null;
  context?: unknown;
  queue: string | null;
  priority: string | null;
  createdAt: string;
}): string {
  return JSON.stringify({
    type: d.type,
    deliveryId: d.deliveryId,
    notificationId: d.notificationId,
    target: d.target,
    message: d.message,
    subject: d.subject,
    caseId: d.caseId,
    decisionId: d.decisionId,
    ...(d.context !== undefined ? { context: d.context } : {}),
    queue: d.queue,
    priority: d.priority,
    createdAt: d.createdAt,
  });
}

export function insertDelivery(tx: Exec, d: { id: string; endpointId: string; notificationId: string; body: string; now: Date }): void {
  const at = d.now.toISOString();
  tx.insert(webhookDeliveries).values({ id: d.id, endpointId: d.endpointId, notificationId: d.notificationId, body: d.body, status: "pending", attempts: 0, nextAttemptAt: at, createdAt: at }).run();
}

/** Every notify action of a stored decision: its in-app rows and its pending webhook deliveries. Returns the notification ids. */
export function enqueueNotifications(tx: Exec, decision: Decision, now: Date): string[] {
  const createdAt = now.toISOString();
  const ids: string[] = [];
  for (const n of decision.outcome.notifications) {
    const id = randomUUID();
    ids.push(id);
    const message = n.message ?? null;
    const caseId = decision.caseId ?? null;
    tx.insert(notifications).values({ id, decisionId: decision.id, caseId, kind: decision.subject, target: n.target, message, createdAt }).run();
    for (const e of endpointsFor(tx, n.target)) {
      const deliveryId = randomUUID();
      const body = deliveryBody({
        type: "notification",
        deliveryId,
        notificationId: id,
        target: n.target,
        message,
        subject: decision.subject,
        caseId,
        decisionId: decision.id,
        context: decision.context,
        queue: decision.outcome.queue ?? null,
        priority: decision.outcome.priority ?? null,
        createdAt,
      });
      insertDelivery(tx, { id: deliveryId, endpointId: e.id, notificationId: id, body, now });
    }
  }
  return ids;
}

function toItem(r: typeof notifications.$inferSelect): NotificationItem {
  return { id: r.id, kind: r.kind, target: r.target, message: r.message, caseId: r.caseId, decisionId: r.decisionId, createdAt: r.createdAt, readAt: r.readAt, readBy: r.readBy };
}

const forPeople = ne(notifications.kind, PING_KIND);

export function unreadNotifications(ctx: ServiceContext): number {
  return ctx.db.select({ n: count() }).from(notifications).where(and(forPeople, isNull(notifications.readAt))).get()?.n ?? 0;
}

/** The in-app list, newest first, with the unread count. */
export function listNotifications(ctx: ServiceContext, q: { unread?: boolean; limit?: number } = {}): NotificationList {
  const rows = ctx.db
    .select()
    .from(notifications)
    .where(and(forPeople, q.unread ? isNull(notifications.readAt) : undefined))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(q.limit ?? 50)
    .all();
  return { items: rows.map(toItem), unread: unreadNotifications(ctx) };
}

/** Mark one notification read (the first reader and time stay). */
export function markNotificationRead(ctx: ServiceContext, id: string, actor: string, now = new Date()): NotificationItem {
  return ctx.db.transaction(
    (tx) => {
      const row = tx.select().from(notifications).where(and(eq(notifications.id, id), forPeople)).get();
      if (!row) throw new NotFoundError("notification", id);
      if (row.readAt) return toItem(row);
      const readAt = now.toISOString();
      tx.update(notifications).set({ readAt, readBy: actor }).where(eq(notifications.id, id)).run();
      return toItem({ ...row, readAt, readBy: actor });
    },
    { behavior: "immediate" },
  );
}

/** Mark every unread notification read; returns how many changed. */
export function markAllNotificationsRead(ctx: ServiceContext, actor: string, now = new Date()): { marked: number } {
  const r = ctx.db
    .update(notifications)
    .set({ readAt: now.toISOString(), readBy: actor })
    .where(and(forPeople, isNull(notifications.readAt)))
    .run();
  return { marked: r.changes };
}
