// Stored playbook versions: reading their rows back, hashing their content, and the one rule that
// says which state a version is in. A leaf module: the lifecycle services all build on it.
import { and, desc, eq } from "drizzle-orm";
import { PlaybookDocument, type PlaybookVersionInfo, type VersionState } from "@/schemas";
import type { Exec } from "../db/tx";
import { insertionOrder } from "../db/dialect";
import { approvalRequests, playbookPublications, playbooks, playbookVersions, publishSchedules } from "../db/schema";
import { NotFoundError } from "../errors";
import { canonicalJson, sha256 } from "./hash";

export type VersionRow = typeof playbookVersions.$inferSelect;
export type PlaybookRow = typeof playbooks.$inferSelect;

/** A stored version's document column, parsed back into the schema it was validated with. */
export function parseDocument(json: string): PlaybookDocument {
  return PlaybookDocument.parse(JSON.parse(json));
}

/** The content hash of a document: what re-imports, approvals and backtests compare. */
export function documentHash(doc: PlaybookDocument): string {
  return sha256(canonicalJson(doc));
}

/**
 * The hash of what a document routes by: without its drawing, name and description (and the rules'
 * canvas node ids). Two versions that differ only in layout or wording have the same logic hash,
 * so a backtest of one stands for the other.
 */
export function logicHash(doc: PlaybookDocument): string {
  const { graph: _graph, name: _name, description: _description, ...rest } = doc as PlaybookDocument & { graph?: unknown };
  if (rest.kind === "routing") {
    const rules = rest.rules.map(({ nodeId: _nodeId, ...r }) => r);
    return sha256(canonicalJson({ ...rest, rules }));
  }
  return sha256(canonicalJson(rest));
}

/** The public description of a stored version row. */
export function versionInfo(v: VersionRow): PlaybookVersionInfo {
  return {
    id: v.id,
    version: v.version,
    state: v.state as VersionState,
    contentHash: v.contentHash,
    createdAt: v.createdAt,
    createdBy: v.createdBy,
    publishedAt: v.publishedAt,
    comment: v.comment,
  };
}

export function playbookRowOrThrow(db: Exec, id: string): PlaybookRow {
  const p = db.select().from(playbooks).where(eq(playbooks.id, id)).get();
  if (!p) throw new NotFoundError("playbook", id);
  return p;
}

export function versionRowById(db: Exec, id: string | null | undefined): VersionRow | undefined {
  return id ? db.select().from(playbookVersions).where(eq(playbookVersions.id, id)).get() : undefined;
}

/** Version `n` of a playbook; NotFoundError naming both when there is none. */
export function versionRowOrThrow(db: Exec, playbookId: string, n: number): VersionRow {
  const v = db
    .select()
    .from(playbookVersions)
    .where(and(eq(playbookVersions.playbookId, playbookId), eq(playbookVersions.version, n)))
    .get();
  if (!v) throw new NotFoundError("playbook version", `${playbookId}@${n}`);
  return v;
}

/** Whether the version was ever live (the publish log, or a publish from before the log existed). */
export function wasLive(db: Exec, v: VersionRow): boolean {
  if (v.publishedAt) return true;
  return !!db.select({ id: playbookPublications.id }).from(playbookPublications).where(eq(playbookPublications.toVersionId, v.id)).limit(1).get();
}

/**
 * The newest approval request of a version, if any: the last one written (insertion order; request
 * times can tie within a millisecond, and a tie broken by the random id picked either request).
 */
export function latestRequest(db: Exec, versionId: string): typeof approvalRequests.$inferSelect | undefined {
  return db.select().from(approvalRequests).where(eq(approvalRequests.versionId, versionId)).orderBy(desc(insertionOrder(approvalRequests))).limit(1).get();
}

/**
 * The state of a version, derived from the facts (the live pointer, schedules, the publish log,
 * approval requests) in this order: published; scheduled; after having been live, rolled back (the
 * change that took it off was a rollback) or superseded; else its newest approval request's state
 * (awaiting approval, approved, rejected); else validated.
 */
export function deriveVersionState(db: Exec, v: VersionRow): VersionState {
  const p = db.select({ live: playbooks.publishedVersionId }).from(playbooks).where(eq(playbooks.id, v.playbookId)).get();
  if (p?.live === v.id) return "published";
  const scheduled = db
    .select({ id: publishSchedules.id })
    .from(publishSchedules)
    .where(and(eq(publishSchedules.versionId, v.id), eq(publishSchedules.status, "scheduled")))
    .limit(1)
    .get();
  if (scheduled) return "scheduled";
  if (wasLive(db, v)) {
    const off = db
      .select({ kind: playbookPublications.kind })
      .from(playbookPublications)
      .where(eq(playbookPublications.fromVersionId, v.id))
      .orderBy(desc(playbookPublications.id))
      .limit(1)
      .get();
    return off?.kind === "rollback" ? "rolled_back" : "superseded";
  }
  const request = latestRequest(db, v.id);
  if (request?.status === "pending") return "awaiting_approval";
  if (request?.status === "approved") return "approved";
  if (request?.status === "rejected") return "rejected";
  return "validated";
}

/** Recompute and store the state of the given versions (after any lifecycle change touching them). */
export function refreshVersionStates(tx: Exec, ...ids: (string | null | undefined)[]): void {
  for (const id of new Set(ids.filter((x): x is string => !!x))) {
    const v = versionRowById(tx, id);
    if (!v) continue;
    const state = deriveVersionState(tx, v);
    if (state !== v.state) tx.update(playbookVersions).set({ state }).where(eq(playbookVersions.id, id)).run();
  }
}

