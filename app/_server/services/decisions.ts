import { and, count, desc, eq, exists, gt, gte, inArray, lt, lte, or, type SQL } from "drizzle-orm";
import { Decision, DecisionSearchQuery, StoredCase, type DecisionExportRow, type DecisionSummary } from "@/schemas";
import type { ServiceContext } from "../db/client";
import type { Exec } from "../db/tx";
import { cases, decisionPlaybooks, decisionRules, decisionTags, decisions, playbookVersions } from "../db/schema";
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
  externalId: decisions.externalId,
  channel: decisions.channel,
  customerId: decisions.customerId,
  hash: decisions.hash,
};

type SummaryRow = {
  id: string;
  seq: number;
  caseId: string | null;
  decidedAt: string;
  matched: boolean;
  partial: boolean;
  queue: string | null;
  priority: string | null;
  externalId: string | null;
  channel: string | null;
  customerId: string | null;
  hash: string;
};

/** Fired rules, tags and playbook versions of a page of decisions: three indexed lookups, not one per row. */
function related(db: Exec, seqs: number[]) {
  const fired = new Map<number, { playbookId: string; ruleId: string }[]>();
  const tags = new Map<number, string[]>();
  const versions = new Map<number, string[]>();
  if (!seqs.length) return { fired, tags, versions };
  const push = <T>(m: Map<number, T[]>, k: number, v: T) => {
    const list = m.get(k);
    if (list) list.push(v);
    else m.set(k, [v]);
  };
  for (const f of db
    .select({ seq: decisionRules.decisionSeq, playbookId: decisionRules.playbookId, ruleId: decisionRules.ruleId })
    .from(decisionRules)
    .where(and(inArray(decisionRules.decisionSeq, seqs), eq(decisionRules.fired, true)))
    .all())
    push(fired, f.seq, { playbookId: f.playbookId, ruleId: f.ruleId });
  for (const t of db.select().from(decisionTags).where(inArray(decisionTags.decisionSeq, seqs)).all()) push(tags, t.decisionSeq, t.tag);
  for (const p of db.select().from(decisionPlaybooks).where(inArray(decisionPlaybooks.decisionSeq, seqs)).all())
    push(versions, p.decisionSeq, `${p.playbookId}@${p.versionId}`);
  return { fired, tags, versions };
}

function toSummaries(db: Exec, rows: SummaryRow[]): DecisionSummary[] {
  const { fired, tags } = related(
    db,
    rows.map((r) => r.seq),
  );
  return rows.map((r) => ({
    id: r.id,
    seq: r.seq,
    ...(r.caseId ? { caseId: r.caseId } : {}),
    ...(r.externalId ? { externalId: r.externalId } : {}),
    ...(r.channel ? { channel: r.channel } : {}),
    ...(r.customerId ? { customerId: r.customerId } : {}),
    decidedAt: r.decidedAt,
    matched: r.matched,
    partial: r.partial,
    ...(r.queue ? { queue: r.queue } : {}),
    ...(r.priority ? { priority: r.priority } : {}),
    firedRules: fired.get(r.seq) ?? [],
    tags: tags.get(r.seq) ?? [],
  }));
}

/** Dates are compared as ISO strings in UTC (how decided_at is stored); a bare date covers its whole day. */
function bound(s: string, end: boolean): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return `${s}T${end ? "23:59:59.999" : "00:00:00.000"}Z`;
  return new Date(s).toISOString();
}

/** The position after which the next page starts: the last row's (decided at, seq), opaque to clients. */
export function encodeCursor(decidedAt: string, seq: number): string {
  return Buffer.from(`${decidedAt}|${seq}`).toString("base64url");
}

function decodeCursor(cursor: string): { at: string; seq: number } {
  const m = /^(\d{4}-\d{2}-\d{2}T[\d:.]+Z)\|(\d{1,15})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!m?.[1] || !m[2]) throw new ValidationError("invalid cursor", [{ path: "cursor", message: "use the nextCursor of the previous page" }]);
  return { at: m[1], seq: Number(m[2]) };
}

export function parseSearchQuery(input: unknown): DecisionSearchQuery {
  const parsed = DecisionSearchQuery.safeParse(input ?? {});
  if (!parsed.success) throw new ValidationError("invalid decision search", zodIssues(parsed.error));
  return parsed.data;
}

/** The table a search walks, newest first: the most selective index for the filters given. */
type Driver =
  | { kind: "decisions" }
  | { kind: "rules"; fired: boolean }
  | { kind: "tags" }
  | { kind: "playbooks"; by: "playbook" | "version" };

function chooseDriver(q: DecisionSearchQuery, versionId: string | undefined): Driver {
  // A case or an external id names a handful of decisions: their own indexes beat any range.
  if (q.caseId || q.externalId) return { kind: "decisions" };
  if (q.rule) return { kind: "rules", fired: true };
  if (q.ruleNotFired) return { kind: "rules", fired: false };
  if (q.tag) return { kind: "tags" };
  if (versionId) return { kind: "playbooks", by: "version" };
  if (q.playbook) return { kind: "playbooks", by: "playbook" };
  return { kind: "decisions" };
}

/**
 * The search as one query builder call. Every filter is an equality on an index whose tail is
 * (decided_at, seq), so the ORDER BY and the date range and the cursor are one index range; the other
 * filters are checked on the rows (decisions columns) or probed by primary key (EXISTS).
 */
function searchQuery(db: Exec, q: DecisionSearchQuery, page: { cursor?: string; limit: number }) {
  let versionId = q.versionId;
  if (q.version !== undefined && q.playbook) {
    const v = db
      .select({ id: playbookVersions.id })
      .from(playbookVersions)
      .where(and(eq(playbookVersions.playbookId, q.playbook), eq(playbookVersions.version, q.version)))
      .get();
    // An unknown version matches nothing, like any other filter value that matches nothing.
    versionId = v?.id ?? "\u0000none";
    if (q.versionId && v?.id !== q.versionId) versionId = "\u0000none";
  }
  const driver = chooseDriver(q, versionId);
  const t =
    driver.kind === "rules"
      ? { seq: decisionRules.decisionSeq, at: decisionRules.decidedAt }
      : driver.kind === "tags"
        ? { seq: decisionTags.decisionSeq, at: decisionTags.decidedAt }
        : driver.kind === "playbooks"
          ? { seq: decisionPlaybooks.decisionSeq, at: decisionPlaybooks.decidedAt }
          : { seq: decisions.seq, at: decisions.decidedAt };
  const where: SQL[] = [];
  const ruleExists = (ruleId: string, fired: boolean) => {
    const w = [eq(decisionRules.decisionSeq, decisions.seq), eq(decisionRules.ruleId, ruleId), eq(decisionRules.fired, fired)];
    if (q.playbook) w.push(eq(decisionRules.playbookId, q.playbook));
    return exists(db.select({ one: decisionRules.ruleId }).from(decisionRules).where(and(...w)));
  };

  if (driver.kind === "rules") {
    const ruleId = driver.fired ? q.rule : q.ruleNotFired;
    where.push(eq(decisionRules.ruleId, ruleId ?? ""), eq(decisionRules.fired, driver.fired));
    if (q.playbook) where.push(eq(decisionRules.playbookId, q.playbook));
  } else if (q.rule) where.push(ruleExists(q.rule, true));
  if (q.ruleNotFired && !(driver.kind === "rules" && !driver.fired)) where.push(ruleExists(q.ruleNotFired, false));

  if (driver.kind === "tags") where.push(eq(decisionTags.tag, q.tag ?? ""));
  else if (q.tag) where.push(exists(db.select({ one: decisionTags.tag }).from(decisionTags).where(and(eq(decisionTags.decisionSeq, decisions.seq), eq(decisionTags.tag, q.tag)))));

  if (driver.kind === "playbooks") {
    // A version id names one playbook's version: adding playbook_id would only tempt the planner off the version index.
    if (driver.by === "version") where.push(eq(decisionPlaybooks.versionId, versionId ?? ""));
    else if (q.playbook) where.push(eq(decisionPlaybooks.playbookId, q.playbook));
  } else if (versionId || (q.playbook && !q.rule && !q.ruleNotFired)) {
    // (A rule filter with playbook= already pins the playbook.)
    const w = [eq(decisionPlaybooks.decisionSeq, decisions.seq)];
    if (versionId) w.push(eq(decisionPlaybooks.versionId, versionId));
    if (q.playbook) w.push(eq(decisionPlaybooks.playbookId, q.playbook));
    where.push(exists(db.select({ one: decisionPlaybooks.playbookId }).from(decisionPlaybooks).where(and(...w))));
  }

  if (q.caseId) where.push(eq(decisions.caseId, q.caseId));
  if (q.subject) where.push(eq(decisions.subject, q.subject));
  if (q.externalId) where.push(eq(decisions.externalId, q.externalId));
  if (q.channel) where.push(eq(decisions.channel, q.channel));
  if (q.customerId) where.push(eq(decisions.customerId, q.customerId));
  if (q.queue) where.push(eq(decisions.queue, q.queue));
  if (q.priority) where.push(eq(decisions.priority, q.priority));
  if (q.partial !== undefined) where.push(eq(decisions.partial, q.partial));
  if (q.from) where.push(gte(t.at, bound(q.from, false)));
  if (q.to) where.push(lte(t.at, bound(q.to, true)));
  if (page.cursor) {
    const c = decodeCursor(page.cursor);
    // (at, seq) < (c.at, c.seq), written so the first term is an index range bound on every database.
    const before = or(lt(t.at, c.at), lt(t.seq, c.seq));
    if (before) where.push(lte(t.at, c.at), before);
  }

  const base = db.select(summaryColumns);
  const from =
    driver.kind === "rules"
      ? base.from(decisionRules).innerJoin(decisions, eq(decisions.seq, decisionRules.decisionSeq))
      : driver.kind === "tags"
        ? base.from(decisionTags).innerJoin(decisions, eq(decisions.seq, decisionTags.decisionSeq))
        : driver.kind === "playbooks"
          ? base.from(decisionPlaybooks).innerJoin(decisions, eq(decisions.seq, decisionPlaybooks.decisionSeq))
          : base.from(decisions);
  return from
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(t.at), desc(t.seq))
    .limit(page.limit);
}

/** One page of a search and the cursor of the next. */
function searchPage(db: Exec, q: DecisionSearchQuery, cursor: string | undefined, limit: number): { rows: SummaryRow[]; nextCursor: string | null } {
  const rows = searchQuery(db, q, { cursor, limit: limit + 1 }).all();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { rows: page, nextCursor: rows.length > limit && last ? encodeCursor(last.decidedAt, last.seq) : null };
}

/** Decision search, newest first, with an opaque keyset cursor. The input is validated here (query strings or parsed values). */
export function searchDecisions(ctx: ServiceContext, input: unknown): { items: DecisionSummary[]; nextCursor: string | null } {
  const q = parseSearchQuery(input);
  const { rows, nextCursor } = searchPage(ctx.db, q, q.cursor, q.limit);
  return { items: toSummaries(ctx.db, rows), nextCursor };
}

/** The decision list of the spine: the search without filters is the same call. */
export const listDecisions = searchDecisions;

/** The SQL of a search's first page (for EXPLAIN QUERY PLAN in tests and the benchmark). */
export function searchSql(ctx: ServiceContext, input: unknown): { sql: string; params: unknown[] } {
  const q = parseSearchQuery(input);
  return searchQuery(ctx.db, q, { cursor: q.cursor, limit: q.limit + 1 }).toSQL();
}

/**
 * How many decisions match (ignores cursor and limit): the total of an export's progress bar. With
 * `cap`, counting stops past cap rows (a page header needs "more than 10,000", not a 5-second count).
 */
export function countDecisions(ctx: ServiceContext, input: unknown, cap?: number): number {
  const q = parseSearchQuery(input);
  const inner = searchQuery(ctx.db, q, { limit: cap === undefined ? Number.MAX_SAFE_INTEGER : cap + 1 }).as("matches");
  return ctx.db.select({ n: count() }).from(inner).get()?.n ?? 0;
}

/**
 * Every decision of a search as export rows, in keyset batches (newest first): constant memory
 * whatever the result size. A generator, so a stream can stop pulling when its reader cancels.
 */
export function* exportDecisionRows(ctx: ServiceContext, input: unknown, batch = 1000): Generator<DecisionExportRow[]> {
  const q = parseSearchQuery(input);
  let cursor: string | undefined = q.cursor;
  for (;;) {
    const { rows, nextCursor } = searchPage(ctx.db, q, cursor, batch);
    if (!rows.length) return;
    const seqs = rows.map((r) => r.seq);
    const { fired, tags, versions } = related(ctx.db, seqs);
    yield rows.map((r) => ({
      seq: r.seq,
      id: r.id,
      decidedAt: r.decidedAt,
      caseId: r.caseId,
      externalId: r.externalId,
      channel: r.channel,
      customerId: r.customerId,
      queue: r.queue,
      priority: r.priority,
      tags: tags.get(r.seq) ?? [],
      firedRules: (fired.get(r.seq) ?? []).map((f) => `${f.playbookId}/${f.ruleId}`),
      playbooks: versions.get(r.seq) ?? [],
      matched: r.matched,
      partial: r.partial,
      hash: r.hash,
    }));
    if (!nextCursor) return;
    cursor = nextCursor;
  }
}

/** For the live feed: decisions with seq > afterSeq, newest first. */
export function listDecisionsAfter(ctx: ServiceContext, input: { afterSeq?: number; limit: number }): DecisionSummary[] {
  const limit = Math.min(Math.max(Math.trunc(input.limit) || 1, 1), 500);
  const rows = ctx.db
    .select(summaryColumns)
    .from(decisions)
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
