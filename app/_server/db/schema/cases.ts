import { index, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const cases = sqliteTable(
  "cases",
  {
    id: text("id").primaryKey(),
    /** the integration that posted it (defaults to the channel): (source, external_id) is the idempotency key */
    source: text("source").notNull(),
    externalId: text("external_id").notNull(),
    channel: text("channel").notNull(),
    customerId: text("customer_id").notNull(),
    receivedAt: text("received_at").notNull(),
    createdAt: text("created_at").notNull(),
    /** the validated CaseInput as JSON */
    input: text("input").notNull(),
  },
  (t) => [
    uniqueIndex("cases_source_external_id_uq").on(t.source, t.externalId),
    index("cases_customer_idx").on(t.customerId),
    index("cases_channel_idx").on(t.channel),
    index("cases_received_at_idx").on(t.receivedAt),
  ],
);

export const caseEvents = sqliteTable(
  "case_events",
  {
    id: text("id").primaryKey(),
    caseId: text("case_id")
      .notNull()
      .references(() => cases.id),
    eventId: text("event_id").notNull(),
    type: text("type").notNull(),
    occurredAt: text("occurred_at").notNull(),
    createdAt: text("created_at").notNull(),
    payload: text("payload").notNull(),
  },
  (t) => [uniqueIndex("case_events_case_event_uq").on(t.caseId, t.eventId), index("case_events_occurred_at_idx").on(t.occurredAt)],
);
