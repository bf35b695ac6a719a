import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** In-app notifications: every notify action of a stored decision, one row per target. */
export const notifications = sqliteTable(
  "notifications",
  {
    id: text("id").primaryKey(),
    decisionId: text("decision_id"),
    caseId: text("case_id"),
    /** the decision's subject: case | event | timer | crisis */
    kind: text("kind").notNull(),
    target: text("target").notNull(),
    message: text("message"),
    createdAt: text("created_at").notNull(),
    readAt: text("read_at"),
    readBy: text("read_by"),
  },
  (t) => [index("notifications_created_idx").on(t.createdAt), index("notifications_unread_idx").on(t.readAt, t.createdAt)],
);

/** Where notifications are POSTed: the body is signed with the endpoint's secret (HMAC-SHA256). */
export const webhookEndpoints = sqliteTable("webhook_endpoints", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  url: text("url").notNull(),
  secret: text("secret").notNull(),
  /** JSON array of notify targets this endpoint receives; empty: every target */
  targets: text("targets").notNull().default("[]"),
  enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
  createdAt: text("created_at").notNull(),
  createdBy: text("created_by").notNull(),
});

/** One notification to one endpoint: retried with backoff, dead after the last attempt. */
export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    id: text("id").primaryKey(),
    endpointId: text("endpoint_id")
      .notNull()
      .references(() => webhookEndpoints.id),
    notificationId: text("notification_id")
      .notNull()
      .references(() => notifications.id),
    /** the exact bytes signed and sent */
    body: text("body").notNull(),
    /** pending | delivered | dead */
    status: text("status").notNull(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: text("next_attempt_at").notNull(),
    /** a process sending it holds it until then (another may take over after a crash) */
    leaseUntil: text("lease_until"),
    lastStatus: integer("last_status"),
    lastError: text("last_error"),
    createdAt: text("created_at").notNull(),
    deliveredAt: text("delivered_at"),
    deadAt: text("dead_at"),
  },
  (t) => [index("webhook_deliveries_due_idx").on(t.status, t.nextAttemptAt), index("webhook_deliveries_endpoint_idx").on(t.endpointId, t.createdAt)],
);
