// History views: a case's timeline across channels, configuration history with readable diffs,
// and one exact playbook version. Read-only.
import { and, asc, count, desc, eq, gt, inArray, lt } from "drizzle-orm";
import { CaseEvent, Decision, type ClockChange, type JsonValue, type PlaybookDocument } from "@/schemas";
import type { AuditEntry } from "@/schemas/resources";
import type { CaseTimeline, FieldChange, HistoryEntry, HistoryPage, PlaybookChange, PlaybookVersionDetail, TimelineCase, TimelineEntry } from "@/schemas/history";
import type { ServiceContext } from "../db/client";
import { caseEvents, cases, decisionPlaybooks, decisions, playbookVersions } from "../db/schema";
import { listAuditLog } from "./audit";
import { toStoredCase } from "./decisions";
import { getPlaybook, parseDocument, versionInfo } from "./playbooks";

/** How many of the customer's other cases a timeline pulls in: enough for a conversation that hops channels, bounded for bots that reuse one id. */
export const TIMELINE_MAX_CASES = 20;

// ----- case timeline -------------------------------------------------------------------------

const KIND_ORDER: Record<TimelineEntry["kind"], number> = { case: 0, decision: 1, event: 2 };

/**
 * Every decision and event of the case and of the same customer's other cases (any channel), in the
 * order they happened. Null when the case does not exist.
 */
export function getCaseTimeline(ctx: ServiceContext, caseId: string): CaseTimeline | null {
  const row = ctx.db.select().from(cases).where(eq(cases.id, caseId)).get();
  if (!row) return null;
  const stored = toStoredCase(row);

  // The customer's most recent cases; this one is always included even when older than all of them.
  const recent = ctx.db
    .select()
    .from(cases)
    .where(eq(cases.customerId, row.customerId))
    .orderBy(desc(cases.receivedAt), desc(cases.id))
    .limit(TIMELINE_MAX_CASES + 1)
    .all();
  const moreCases = recent.length > TIMELINE_MAX_CASES;
  const shown = recent.slice(0, TIMELINE_MAX_CASES).filter((c) => c.id !== row.id);
  if (shown.length === TIMELINE_MAX_CASES) shown.pop();
  shown.push(row);
  shown.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt) || a.id.localeCompare(b.id));
  const ids = shown.map((c) => c.id);
  const channelOf = new Map(shown.map((c) => [c.id, c.channel]));

  const entries: (TimelineEntry & { order: number })[] = [];
  for (const c of shown) {
    const input = toStoredCase(c).input;
    entries.push({
      kind: "case",
      at: c.receivedAt,
      caseId: c.id,
      channel: c.channel,
      externalId: c.externalId,
      text: input.text,
      ...(input.subject ? { subject: input.subject } : {}),
      order: 0,
    });
  }
  const decisionRows = ctx.db.select().from(decisions).where(inArray(decisions.caseId, ids)).orderBy(asc(decisions.seq)).all();
  // An event's decision is shown with its event (its clock changes), not as an entry of its own.
  const ofEvent = new Map<string, { decisionId: string; clocks: ClockChange[] }>();
  for (const d of decisionRows) {
    const decision = Decision.parse(JSON.parse(d.decision));
    const caseOf = d.caseId ?? row.id;
    if (decision.context?.type === "case_event") {
      ofEvent.set(`${caseOf}:${decision.context.eventId}`, { decisionId: d.id, clocks: decision.context.clocks });
      continue;
    }
    entries.push({
      kind: "decision",
      subject: decision.subject === "timer" || decision.subject === "crisis" ? decision.subject : "case",
      at: d.decidedAt,
      caseId: caseOf,
      channel: channelOf.get(caseOf) ?? "",
      decisionId: d.id,
      seq: d.seq,
      matched: d.matched,
      partial: d.partial,
      queue: decision.outcome.queue ?? null,
      priority: decision.outcome.priority ?? null,
      tags: decision.outcome.tags,
      firedRules: decision.firedRules.map((r) => ({ playbookId: r.playbookId, ruleId: r.ruleId })),
      errors: decision.errors.length,
      order: d.seq,
    });
  }
  const eventRows = ctx.db.select().from(caseEvents).where(inArray(caseEvents.caseId, ids)).all();
  for (const e of eventRows) {
    entries.push({
      kind: "event",
      at: e.occurredAt,
      caseId: e.caseId,
      channel: channelOf.get(e.caseId) ?? "",
      eventId: e.eventId,
      type: e.type,
      event: CaseEvent.parse(JSON.parse(e.payload)),
      ...(ofEvent.get(`${e.caseId}:${e.eventId}`) ?? { clocks: [] }),
      order: Date.parse(e.createdAt),
    });
  }
  // Same instant: the message first, then what was decided about it, then what followed.
  entries.sort((a, b) => a.at.localeCompare(b.at) || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.order - b.order);

  const timelineCases: TimelineCase[] = shown.map((c) => ({ id: c.id, externalId: c.externalId, channel: c.channel, receivedAt: c.receivedAt, current: c.id === row.id }));
  return {
    case: stored,
    customerId: row.customerId,
    cases: timelineCases,
    moreCases,
    entries: entries.map(({ order: _order, ...e }) => e as TimelineEntry),
  };
}

// ----- diffs ---------------------------------------------------------------------------------

function isObject(v: unknown): v is Record<string, JsonValue> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * The leaves that differ between two JSON values, with dotted paths. Arrays of equal length compare
 * item by item; arrays that changed length are reported whole (an inserted item would otherwise
 * show every later item as changed).
 */
export function diffJson(before: JsonValue | undefined, after: JsonValue | undefined, path = ""): FieldChange[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => diffJson(before[k], after[k], path ? `${path}.${k}` : k));
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    return before.flatMap((b, i) => diffJson(b, after[i], `${path}[${i}]`));
  }
  const change: FieldChange = { path: path || "(value)" };
  if (before !== undefined) change.before = before;
  if (after !== undefined) change.after = after;
  return [change];
}

type Rule = { id: string; name: string } & Record<string, JsonValue>;

function rulesOf(doc: PlaybookDocument | null): Rule[] {
  if (!doc || !("rules" in doc) || !Array.isArray(doc.rules)) return [];
  return doc.rules as unknown as Rule[];
}

/** Which rules a new version added, removed or changed, and what else in the document changed. */
export function diffPlaybookDocuments(before: PlaybookDocument | null, after: PlaybookDocument | null): Pick<PlaybookChange, "rules" | "document"> {
  const a = new Map(rulesOf(before).map((r) => [r.id, r]));
  const b = new Map(rulesOf(after).map((r) => [r.id, r]));
  const added = [...b.values()].filter((r) => !a.has(r.id)).map((r) => ({ id: r.id, name: r.name }));
  const removed = [...a.values()].filter((r) => !b.has(r.id)).map((r) => ({ id: r.id, name: r.name }));
  const changed = [...b.values()]
    .filter((r) => a.has(r.id))
    .map((r) => ({ id: r.id, name: r.name, changes: diffJson(a.get(r.id), r) }))
    .filter((r) => r.changes.length > 0);
  const strip = (d: PlaybookDocument | null): JsonValue => {
    if (!d) return null;
    const { rules: _rules, ...rest } = d as PlaybookDocument & { rules?: unknown };
    return rest as unknown as JsonValue;
  };
  return { rules: { added, removed, changed }, document: before ? diffJson(strip(before), strip(after)) : [] };
}

// ----- configuration history -----------------------------------------------------------------

type VersionRow = { id: string; playbookId: string; version: number; document: string };

function versionById(ctx: ServiceContext, id: string | null | undefined): VersionRow | null {
  if (!id) return null;
  return (
    ctx.db
      .select({ id: playbookVersions.id, playbookId: playbookVersions.playbookId, version: playbookVersions.version, document: playbookVersions.document })
      .from(playbookVersions)
      .where(eq(playbookVersions.id, id))
      .get() ?? null
  );
}

function versionBefore(ctx: ServiceContext, v: VersionRow): VersionRow | null {
  return (
    ctx.db
      .select({ id: playbookVersions.id, playbookId: playbookVersions.playbookId, version: playbookVersions.version, document: playbookVersions.document })
      .from(playbookVersions)
      .where(and(eq(playbookVersions.playbookId, v.playbookId), lt(playbookVersions.version, v.version)))
      .orderBy(desc(playbookVersions.version))
      .limit(1)
      .get() ?? null
  );
}

const doc = (v: VersionRow | null): PlaybookDocument | null => (v ? parseDocument(v.document) : null);

/** How many decisions ran this playbook version (version ids are unique across playbooks, and indexed). */
export function countDecisionsUnder(ctx: ServiceContext, versionId: string): number {
  return ctx.db.select({ n: count() }).from(decisionPlaybooks).where(eq(decisionPlaybooks.versionId, versionId)).get()?.n ?? 0;
}

function field(v: JsonValue | null, key: string): string | null {
  return isObject(v) && typeof v[key] === "string" ? (v[key] as string) : null;
}

/** Audit actions that move a playbook's live version (before/after carry publishedVersionId). */
const PUBLISH_ACTIONS = new Set(["playbook.published", "playbook.rolled_back", "playbook.schedule_started", "playbook.schedule_ended"]);

/** One audit entry made readable: the field diff, and for playbooks the rule diff and the decisions it governed. */
export function describeAuditEntry(ctx: ServiceContext, e: AuditEntry): HistoryEntry {
  const entity = e.action.split(".")[0] ?? e.action;
  let playbook: PlaybookChange | null = null;
  let decisionsUnder: HistoryEntry["decisionsUnder"] = null;
  if (e.action === "playbook.imported") {
    const to = versionById(ctx, field(e.after, "versionId"));
    if (to) {
      const from = versionBefore(ctx, to);
      playbook = { playbookId: e.entityId, from: from && { id: from.id, version: from.version }, to: { id: to.id, version: to.version }, ...diffPlaybookDocuments(doc(from), doc(to)) };
    }
  } else if (e.action === "playbook.compared") {
    // The pair a person reviewed: its rule diff, as the comparison page showed it.
    const from = versionById(ctx, field(e.before, "versionId"));
    const to = versionById(ctx, field(e.after, "versionId"));
    if (from && to) playbook = { playbookId: e.entityId, from: { id: from.id, version: from.version }, to: { id: to.id, version: to.version }, ...diffPlaybookDocuments(doc(from), doc(to)) };
  } else if (PUBLISH_ACTIONS.has(e.action)) {
    const to = versionById(ctx, field(e.after, "publishedVersionId"));
    const from = versionById(ctx, field(e.before, "publishedVersionId"));
    if (to) {
      playbook = { playbookId: e.entityId, from: from && { id: from.id, version: from.version }, to: { id: to.id, version: to.version }, ...diffPlaybookDocuments(doc(from), doc(to)) };
      decisionsUnder = { playbookId: to.playbookId, version: to.version, count: countDecisionsUnder(ctx, to.id) };
    }
  }
  return { ...e, entity, changes: diffJson(e.before ?? undefined, e.after ?? undefined), playbook, decisionsUnder };
}

/** Configuration changes, newest first, filtered like GET /api/v1/audit/log, each with its diff. */
export function getAuditHistory(ctx: ServiceContext, input: Record<string, string | number | null | undefined>): HistoryPage {
  const page = listAuditLog(ctx, input);
  return { items: page.items.map((e) => describeAuditEntry(ctx, e)), nextCursor: page.nextCursor };
}

// ----- one playbook version ------------------------------------------------------------------

/** One exact version of a playbook: its document, state, author and hash. Null when either is unknown. */
export function getPlaybookVersion(ctx: ServiceContext, playbookId: string, version: number): PlaybookVersionDetail | null {
  const detail = getPlaybook(ctx, playbookId);
  if (!detail) return null;
  const v = ctx.db
    .select()
    .from(playbookVersions)
    .where(and(eq(playbookVersions.playbookId, playbookId), eq(playbookVersions.version, version)))
    .get();
  if (!v) return null;
  const neighbour = (dir: "prev" | "next") =>
    ctx.db
      .select({ version: playbookVersions.version })
      .from(playbookVersions)
      .where(and(eq(playbookVersions.playbookId, playbookId), dir === "prev" ? lt(playbookVersions.version, version) : gt(playbookVersions.version, version)))
      .orderBy(dir === "prev" ? desc(playbookVersions.version) : asc(playbookVersions.version))
      .limit(1)
      .get()?.version ?? null;
  return {
    playbook: detail.playbook,
    version: versionInfo(v),
    document: parseDocument(v.document),
    previous: neighbour("prev"),
    next: neighbour("next"),
    decisionCount: countDecisionsUnder(ctx, v.id),
  };
}

