// The version list (who, when, why, state, approval, schedules, backtest), the comparison of two
// versions (as rules and on the canvas), and a version as a portable playbook file.
import { and, desc, eq, gte } from "drizzle-orm";
import type { PlaybookDocument, RoutingPlaybook } from "@/schemas";
import type { VersionDiff, VersionList, VersionListItem } from "@/schemas/lifecycle";
import { diffFlows, playbookToFlow, type FlowPlaybook } from "@/engine/flow";
import type { ServiceContext } from "../db/client";
import { auditLog, playbookPublications, playbookVersions } from "../db/schema";
import { ServiceError } from "../errors";
import { latestRequest, toApprovalRequest } from "./approvals";
import { emitAudit } from "./audit";
import { latestBacktestOf } from "./backtests";
import { diffPlaybookDocuments } from "./history";
import { listPublications, listSchedules, toPublication } from "./publishing";
import { logicHash, parseDocument, playbookRowOrThrow, versionInfo, versionRowOrThrow, wasLive } from "./version-rows";
import { getWorkspaceSettings } from "./workspace";

export function listVersions(ctx: ServiceContext, playbookId: string): VersionList {
  const p = playbookRowOrThrow(ctx.db, playbookId);
  const rows = ctx.db.select().from(playbookVersions).where(eq(playbookVersions.playbookId, p.id)).orderBy(desc(playbookVersions.version)).all();
  const schedules = listSchedules(ctx.db, p.id, ["scheduled", "active"]);
  const versions: VersionListItem[] = rows.map((v) => {
    const last = ctx.db.select().from(playbookPublications).where(eq(playbookPublications.toVersionId, v.id)).orderBy(desc(playbookPublications.id)).limit(1).get();
    const request = latestRequest(ctx.db, v.id);
    return {
      ...versionInfo(v),
      lastPublication: last ? toPublication(ctx.db, last) : null,
      approval: request ? toApprovalRequest(request, v.version) : null,
      schedules: schedules.filter((s) => s.versionId === v.id),
      backtest: p.kind === "routing" ? latestBacktestOf(ctx.db, p.id, logicHash(parseDocument(v.document))) : null,
      canRollBackTo: p.publishedVersionId !== v.id && wasLive(ctx.db, v),
    };
  });
  const live = rows.find((v) => v.id === p.publishedVersionId);
  return {
    playbookId: p.id,
    kind: p.kind,
    publishedVersion: live?.version ?? null,
    requireApproval: getWorkspaceSettings(ctx.db).requireApproval,
    versions,
    publications: listPublications(ctx.db, p.id),
  };
}

/** Two versions of a playbook compared: which rules were added, removed or changed (and how), and both drawings with the nodes that differ. */
export function diffVersions(ctx: ServiceContext, input: { playbookId: string; from: number; to: number }): VersionDiff {
  const p = playbookRowOrThrow(ctx.db, input.playbookId);
  const a = versionRowOrThrow(ctx.db, p.id, input.from);
  const b = versionRowOrThrow(ctx.db, p.id, input.to);
  const da = parseDocument(a.document);
  const db = parseDocument(b.document);
  const { rules, document } = diffPlaybookDocuments(stripGraph(da), stripGraph(db));
  let canvas: VersionDiff["canvas"] = null;
  const flow = (d: PlaybookDocument): d is FlowPlaybook => d.kind === "routing" || d.kind === "escalation" || d.kind === "crisis";
  if (flow(da) && flow(db)) {
    const fa = playbookToFlow(da);
    const fb = playbookToFlow(db);
    canvas = { from: fa, to: fb, diff: diffFlows(fa.graph, fb.graph) };
  }
  return { playbookId: p.id, from: versionInfo(a), to: versionInfo(b), rules, document, canvas };
}

/** The drawing is compared on the canvas; as rules, only what routes (and the rules' node ids) is compared. */
function stripGraph(doc: PlaybookDocument): PlaybookDocument {
  if (doc.kind !== "routing") return doc;
  const { graph: _graph, ...rest } = doc;
  return { ...rest, rules: rest.rules.map(({ nodeId: _nodeId, ...r }) => r) } as RoutingPlaybook;
}

export const COMPARISON_DEDUP_MS = 15 * 60 * 1000;

/** A comparison opened by a person: kept in the audit log as evidence that the change was reviewed. */
export function recordComparison(ctx: ServiceContext, input: { playbookId: string; from: number; to: number; actor: string }): { recorded: boolean } {
  return ctx.db.transaction(
    (tx) => {
      const a = versionRowOrThrow(tx, input.playbookId, input.from);
      const b = versionRowOrThrow(tx, input.playbookId, input.to);
      // One entry per person and pair within a quarter of an hour: reopening the page is the same review.
      const since = new Date(Date.now() - COMPARISON_DEDUP_MS).toISOString();
      const recent = tx
        .select({ before: auditLog.before, after: auditLog.after })
        .from(auditLog)
        .where(and(eq(auditLog.entityId, input.playbookId), eq(auditLog.action, "playbook.compared"), eq(auditLog.actor, input.actor), gte(auditLog.at, since)))
        .all();
      const same = (x: unknown, id: string) => typeof x === "object" && x !== null && (x as { versionId?: unknown }).versionId === id;
      if (recent.some((r) => same(r.before, a.id) && same(r.after, b.id))) return { recorded: false };
      emitAudit(tx, {
        actor: input.actor,
        action: "playbook.compared",
        entityId: input.playbookId,
        before: { version: a.version, versionId: a.id, contentHash: a.contentHash, state: a.state },
        after: { version: b.version, versionId: b.id, contentHash: b.contentHash, state: b.state },
      });
      return { recorded: true };
    },
    { behavior: "immediate" },
  );
}

/** A version as a playbook file (the JSON of `playbooks/`): the document exactly as stored. */
export function versionFile(ctx: ServiceContext, input: { playbookId: string; version?: number }): { document: PlaybookDocument; version: number; fileName: string } {
  const p = playbookRowOrThrow(ctx.db, input.playbookId);
  let n = input.version;
  if (n === undefined) {
    const live = p.publishedVersionId ? ctx.db.select({ version: playbookVersions.version }).from(playbookVersions).where(eq(playbookVersions.id, p.publishedVersionId)).get() : undefined;
    if (!live) throw new ServiceError("not_found", `playbook '${p.id}' has no published version: name one with ?version=`, [{ path: "version", message: "no published version" }]);
    n = live.version;
  }
  const v = versionRowOrThrow(ctx.db, p.id, n);
  return { document: parseDocument(v.document), version: v.version, fileName: `${p.id}.json` };
}
