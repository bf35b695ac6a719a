import { and, desc, eq, exists, gt, gte, inArray, lt, lte, type SQL } from "drizzle-orm";
import { Decision, DecisionQuery, StoredCase, type DecisionSummary } from "@/schemas";
import type { ServiceContext } from "../db/client";
import type { Exec } from "../db/tx";
import { cases, decisionPlaybooks, decisionRules, decisions } from "../db/schema";
import { ValidationError, zodIssues } from "../errors";


const summaryColumns = {
  id: decisions.id,
  seq: decisions.seq,
  caseId: decisions.caseId,
  decidedAt: decisions.decidedAt,
  matched: decisions.matched,
  partial: decisions.partial,
  queue: decisions.queue,
  priority: decisions.priority,
  externalId: cases.externalId,
  channel: cases.channel,
};

type SummaryRow = { id: string; seq: number; caseId: string | null; decidedAt: string; matched: boolean; partial: boolean; queue: string | null; priority: string | null; externalId: string | null; channel: string | null };

function toSummaries(db: Exec, rows: SummaryRow[]): DecisionSummary[] {
  const fired = new Map<number, { playbookId: string; ruleId: string }[]>();
  if (rows.length) {
    const seqs = rows.map((r) => r.seq);
    for (const f of db.select().from(decisionRules).where(inArray(decisionRules.decisionSeq, seqs)).all()) {
      const list = fired.get(f.decisionSeq) ?? [];
      list.push({ playbookId: f.playbookId, ruleId: f.ruleId });
      fired.set(f.decisionSeq, list);
    }
  }
  return rows.map((r) => ({
    id: r.id,
    seq: r.seq,
    ...(r.caseId ? { caseId: r.caseId } : {}),
    ...(r.externalId ? { externalId: r.externalId } : {}),
    ...(r.channel ? { channel: r.channel } : {}),
    decidedAt: r.decidedAt,
    matched: r.matched,
    partial: r.partial,
    ...(r.queue ? { queue: r.queue } : {}),
    ...(r.priority ? { priority: r.priority } : {}),
    firedRules: fired.get(r.seq) ?? [],
  }));
}

function isoUtc(s: string): string {
  return new Date(s).toISOString();
}

/** Decisions newest first, filtered, with an opaque cursor for the next page. The input is validated here (query strings or parsed values). */
export function listDecisions(ctx: ServiceContext, input: Partial<DecisionQuery> | Record<string, string | null>): { items: DecisionSummary[]; nextCursor: string | null } {
  const parsed = DecisionQuery.safeParse(input ?? {});
  if (!parsed.success) throw new ValidationError("invalid decision query", zodIssues(parsed.error));
  const q = parsed.data;
  const where: SQL[] = [];
  if (q.caseId) where.push(eq(decisions.caseId, q.caseId));
  if (q.from) where.push(gte(decisions.decidedAt, isoUtc(q.from)));
  if (q.to) where.push(lte(decisions.decidedAt, isoUtc(q.to)));
  if (q.cursor !== undefined) {
    if (!/^\d{1,15}$/.test(q.cursor)) throw new ValidationError("invalid cursor", [{ path: "cursor", message: "use the nextCursor of the previous page" }]);
    where.push(lt(decisions.seq, Number(q.cursor)));
  }
  if (q.rule) {
    const ruleWhere = [eq(decisionRules.decisionSeq, decisions.seq), eq(decisionRules.ruleId, q.rule)];
    if (q.playbook) ruleWhere.push(eq(decisionRules.playbookId, q.playbook));
    where.push(exists(ctx.db.select({ one: decisionRules.ruleId }).from(decisionRules).where(and(...ruleWhere))));
  } else if (q.playbook) {
    where.push(
      exists(
        ctx.db
          .select({ one: decisionPlaybooks.playbookId })
          .from(decisionPlaybooks)
          .where(and(eq(decisionPlaybooks.decisionSeq, decisions.seq), eq(decisionPlaybooks.playbookId, q.playbook))),
      ),
    );
  }
  const rows = ctx.db
    .select(summaryColumns)
    .from(decisions)
    .leftJoin(cases, eq(cases.id, decisions.caseId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(decisions.seq))
    .limit(q.limit + 1)
    .all();
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return { items: toSummaries(ctx.db, page), nextCursor: rows.length > q.limit && last ? String(last.seq) : null };
}

/** For the live feed: decisions with seq > afterSeq, newest first. */
export function listDecisionsAfter(ctx: ServiceContext, input: { afterSeq?: number; limit: number }): DecisionSummary[] {
  const limit = Math.min(Math.max(Math.trunc(input.limit) || 1, 1), 500);
  const rows = ctx.db
    .select(summaryColumns)
    .from(decisions)
    .leftJoin(cases, eq(cases.id, decisions.caseId))
    .where(input.afterSeq !== undefined ? gt(decisions.seq, input.afterSeq) : undefined)
    .orderBy(desc(decisions.seq))
    .limit(limit)
    .all();
  return toSummaries(ctx.db, rows);
}

export function parseStoredDecision(json: string): Decision {
  return Decision.parse(JSON.parse(json));
}

export function toStoredCase(row: typeof cases.$inferSelect): StoredCase {
  return StoredCase.parse({
    id: row.id,
    source: row.source,
    externalId: row.externalId,
    channel: row.channel,
    receivedAt: row.receivedAt,
    createdAt: row.createdAt,
    input: JSON.parse(row.input),
  });
}

export function getDecision(ctx: ServiceContext, id: string): { decision: Decision; seq: number; case: StoredCase | null } | null {
  const row = ctx.db.select().from(decisions).where(eq(decisions.id, id)).get();
  if (!row) return null;
  const c = row.caseId ? ctx.db.select().from(cases).where(eq(cases.id, row.caseId)).get() : undefined;
  return { decision: parseStoredDecision(row.decision), seq: row.seq, case: c ? toStoredCase(c) : null };
}
