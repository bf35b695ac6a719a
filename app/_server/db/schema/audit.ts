import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import type { JsonValue } from "@/schemas";

/** Append-only log of configuration changes, written in the same transaction as the change. */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: text("at").notNull(),
    actor: text("actor").notNull(),
    /** "{entity}.{verb}", see AuditAction */
    action: text("action").notNull(),
    entityId: text("entity_id").notNull(),
    before: text("before", { mode: "json" }).$type<JsonValue>(),
    after: text("after", { mode: "json" }).$type<JsonValue>(),
  },
  (t) => [index("audit_log_entity_idx").on(t.entityId), index("audit_log_at_idx").on(t.at)],
);

export type AuditAction =
  | "playbook.imported"
  | "playbook.published"
  | "playbook.rolled_back"
  | "playbook.publish_scheduled"
  | "playbook.schedule_cancelled"
  | "playbook.schedule_started"
  | "playbook.schedule_ended"
  | "playbook.approval_requested"
  | "playbook.approval_withdrawn"
  | "playbook.approved"
  | "playbook.rejected"
  | "playbook.compared"
  | "settings.changed"
  | "playbook.created"
  | "playbook.draft_saved"
  | "api_key.created"
  | "api_key.revoked"
  | "user.created"
  | "user.invited"
  | "user.role_changed"
  | "user.disabled"
  | "user.enabled"
  | "webhook.created"
  | "webhook.updated"
  | "webhook.deleted"
  | "webhook.secret_rotated"
  | "webhook.delivery_retried"
  | "crisis.resolved"
  | "crisis.checklist_done"
  | "crisis.checklist_undone";
