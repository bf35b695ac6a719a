import { randomUUID } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { CaseEvent } from "@/schemas";
import type { CaseEventReceipt } from "@/schemas/resources";
import type { ServiceContext } from "../db/client";
import { caseEvents } from "../db/schema";
import { NotFoundError, ValidationError, zodIssues } from "../errors";
import { caseExists } from "./cases";
import { applyDecisionEffects } from "./effects";
import { applyEventToClocks, eventDecision } from "./sla";
import { publishedTonePlaybooks } from "./tone";

/**
 * Record an event of a case; idempotent on (case, eventId). In the same transaction the event moves
 * the case's SLA clocks (services/sla.ts) and its decision, with the clock changes, joins the log;
 * a drafted reply's decision also runs the published tone playbooks (the receipt says their checks
 * and whether the reply needs approval).
 */
export function addCaseEvent(ctx: ServiceContext, caseId: string, input: unknown, now: Date = new Date()): CaseEventReceipt {
  const parsed = CaseEvent.safeParse(input);
  if (!parsed.success) throw new ValidationError("the event is invalid", zodIssues(parsed.error));
  const ev = parsed.data;
  return ctx.db.transaction(
    (tx) => {
      if (!caseExists(tx, caseId)) throw new NotFoundError("case", caseId);
      const existing = tx
        .select({ id: caseEvents.id, type: caseEvents.type })
        .from(caseEvents)
        .where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.eventId, ev.eventId)))
        .get();
      if (existing) return { id: existing.id, caseId, eventId: ev.eventId, type: existing.type, duplicate: true };
      const id = randomUUID();
      tx.insert(caseEvents)
        .values({ id, caseId, eventId: ev.eventId, type: ev.type, occurredAt: new Date(ev.occurredAt).toISOString(), createdAt: now.toISOString(), payload: JSON.stringify(ev) })
        .run();
      const changes = applyEventToClocks(tx, { caseId, event: ev, now });
      const tonePlaybooks = ev.type === "reply_drafted" ? publishedTonePlaybooks(ctx) : [];
      const decision = eventDecision(tx, { caseId, event: ev, changes, now, tonePlaybooks });
      applyDecisionEffects(tx, { decision, now, live: true });
      const receipt: CaseEventReceipt = { id, caseId, eventId: ev.eventId, type: ev.type, duplicate: false, decisionId: decision.id };
      if (ev.type === "reply_drafted") {
        // The caller (an agent desk) learns at once whether the reply may go out, and why not.
        receipt.tone = decision.trace.playbooks.flatMap((p) => (p.tone ? [{ playbookId: p.playbookId, version: p.version, ...p.tone }] : []));
        if (decision.outcome.replyApproval) receipt.replyApproval = decision.outcome.replyApproval;
      }
      return receipt;
    },
    { behavior: "immediate" },
  );
}

/** A case's events in the order they happened. */
export function listCaseEvents(ctx: ServiceContext, caseId: string): CaseEvent[] | null {
  if (!caseExists(ctx.db, caseId)) return null;
  return ctx.db
    .select({ payload: caseEvents.payload })
    .from(caseEvents)
    .where(eq(caseEvents.caseId, caseId))
    .orderBy(asc(caseEvents.occurredAt), asc(caseEvents.createdAt))
    .all()
    .map((r) => CaseEvent.parse(JSON.parse(r.payload)));
}
