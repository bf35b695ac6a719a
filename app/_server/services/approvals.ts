// Four-eyes approval. A request is for one version's exact content (its content hash); one request
// per playbook is pending at a time (a newer request withdraws the older, so an approver who
// reviewed the old one cannot approve it); a second person with the operator role, never the
// version's author or the requester, approves or rejects it with a comment.
import { randomUUID } from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import type { ApprovalRequest } from "@/schemas/lifecycle";
import type { ServiceContext } from "../db/client";
import type { Exec } from "../db/tx";
import { approvalRequests, backtests } from "../db/schema";
import { ServiceError } from "../errors";
import { emitAudit } from "./audit";
import { documentHash, latestRequest, logicHash, parseDocument, playbookRowOrThrow, refreshVersionStates, versionRowById, versionRowOrThrow, wasLive, type VersionRow } from "./version-rows";

export { latestRequest };

type RequestRow = typeof approvalRequests.$inferSelect;

export function toApprovalRequest(r: RequestRow, version: number): ApprovalRequest {
  return {
    id: r.id,
    playbookId: r.playbookId,
    versionId: r.versionId,
    version,
    contentHash: r.contentHash,
    status: r.status as ApprovalRequest["status"],
    requestedBy: r.requestedBy,
    requestedAt: r.requestedAt,
    comment: r.comment,
    decidedBy: r.decidedBy,
    decidedAt: r.decidedAt,
    decisionComment: r.decisionComment,
    backtestId: r.backtestId,
  };
}

/** Whether the version has an approved request whose content is still exactly the version's. */
export function isApproved(db: Exec, v: VersionRow): boolean {
  const r = latestRequest(db, v.id);
  return r?.status === "approved" && r.contentHash === v.contentHash && documentHash(parseDocument(v.document)) === v.contentHash;
}

const short = (hash: string) => hash.slice(0, 12);

/** The newest finished backtest of this content (by logic hash): what an approver looks at. */
function latestBacktestId(tx: Exec, v: VersionRow): string | null {
  const hash = logicHash(parseDocument(v.document));
  return (
    tx
      .select({ id: backtests.id })
      .from(backtests)
      .where(and(eq(backtests.playbookId, v.playbookId), eq(backtests.logicHash, hash), eq(backtests.status, "done")))
      .orderBy(desc(backtests.createdAt))
      .limit(1)
      .get()?.id ?? null
  );
}

/** Ask for approval of a version, inside the caller's transaction. Withdraws the playbook's other pending request. */
export function requestApprovalTx(tx: Exec, input: { playbookId: string; versionId: string; comment?: string | null; actor: string; at: string }): ApprovalRequest {
  const p = playbookRowOrThrow(tx, input.playbookId);
  const v = versionRowById(tx, input.versionId);
  if (!v || v.playbookId !== p.id) throw new ServiceError("not_found", `playbook '${p.id}' has no version ${input.versionId}`);
  if (p.publishedVersionId === v.id) throw new ServiceError("conflict", `v${v.version} is already live: there is nothing to approve`, [{ path: "version", message: "already published" }]);
  const current = latestRequest(tx, v.id);
  if (current?.status === "pending")
    throw new ServiceError("conflict", `v${v.version} is already awaiting approval (asked by ${current.requestedBy} at ${current.requestedAt})`, [{ path: "version", message: "already awaiting approval" }]);
  if (current?.status === "approved") throw new ServiceError("conflict", `v${v.version} is already approved (by ${current.decidedBy})`, [{ path: "version", message: "already approved" }]);
  if (current?.status === "rejected")
    throw new ServiceError("conflict", `v${v.version} was rejected by ${current.decidedBy}: "${current.decisionComment}". Change the draft and request approval for the new version`, [
      { path: "version", message: "rejected; make a new version" },
    ]);

  // One pending request per playbook: the newer one replaces it, and says so.
  const others = tx.select().from(approvalRequests).where(and(eq(approvalRequests.playbookId, p.id), eq(approvalRequests.status, "pending"))).all();
  for (const o of others) {
    const note = `replaced by the request for v${v.version}`;
    tx.update(approvalRequests).set({ status: "withdrawn", decidedBy: input.actor, decidedAt: input.at, decisionComment: note }).where(eq(approvalRequests.id, o.id)).run();
    const ov = versionRowById(tx, o.versionId);
    emitAudit(tx, { actor: input.actor, action: "playbook.approval_withdrawn", entityId: p.id, at: input.at, before: { requestId: o.id, version: ov?.version ?? null, status: "pending" }, after: { requestId: o.id, status: "withdrawn", reason: note } });
    refreshVersionStates(tx, o.versionId);
  }

  const row: RequestRow = {
    id: randomUUID(),
    playbookId: p.id,
    versionId: v.id,
    contentHash: v.contentHash,
    status: "pending",
    requestedBy: input.actor,
    requestedAt: input.at,
    comment: input.comment?.trim() || null,
    decidedBy: null,
    decidedAt: null,
    decisionComment: null,
    backtestId: latestBacktestId(tx, v),
  };
  tx.insert(approvalRequests).values(row).run();
  const before = v.state;
  refreshVersionStates(tx, v.id);
  emitAudit(tx, {
    actor: input.actor,
    action: "playbook.approval_requested",
    entityId: p.id,
    at: input.at,
    before: { version: v.version, state: before },
    after: { version: v.version, state: "awaiting_approval", requestId: row.id, contentHash: row.contentHash, backtestId: row.backtestId, comment: row.comment },
  });
  return toApprovalRequest(row, v.version);
}

export function requestApproval(ctx: ServiceContext, input: { playbookId: string; version: number; comment?: string | null; actor: string; now?: Date }): ApprovalRequest {
  return ctx.db.transaction(
    (tx) => {
      const v = versionRowOrThrow(tx, input.playbookId, input.version);
      return requestApprovalTx(tx, { playbookId: input.playbookId, versionId: v.id, comment: input.comment, actor: input.actor, at: (input.now ?? new Date()).toISOString() });
    },
    { behavior: "immediate" },
  );
}

/** Approve or reject a pending request. The caller's permission (people with the operator role) is checked at the boundary. */
export function decideApproval(
  ctx: ServiceContext,
  input: { playbookId: string; version: number; decision: "approve" | "reject"; comment: string; contentHash: string; actor: string; now?: Date },
): ApprovalRequest {
  return ctx.db.transaction(
    (tx) => {
      const v = versionRowOrThrow(tx, input.playbookId, input.version);
      const r = latestRequest(tx, v.id);
      const verb = input.decision === "approve" ? "approve" : "reject";
      if (!r) throw new ServiceError("conflict", `v${v.version} has no approval request: ask for approval first`, [{ path: "version", message: "no approval request" }]);
      if (r.status === "withdrawn")
        throw new ServiceError("conflict", `the request for v${v.version} changed since you opened it: it was ${r.decisionComment ?? "withdrawn"}. Review the current request instead`, [
          { path: "version", message: "the request was withdrawn", code: "changed_since_request" },
        ]);
      if (r.status !== "pending") throw new ServiceError("conflict", `v${v.version} was already ${r.status} by ${r.decidedBy} at ${r.decidedAt}`, [{ path: "version", message: `already ${r.status}` }]);
      if (input.actor === r.requestedBy || input.actor === v.createdBy) {
        const who = input.actor === v.createdBy ? `you made v${v.version}` : `you asked for this approval`;
        throw new ServiceError("forbidden", `${who}: a second person must ${verb} it — an operator who is neither its author nor the requester`, [
          { path: "session", message: "the author cannot approve their own change", code: "own_change" },
        ]);
      }
      if (input.contentHash !== r.contentHash)
        throw new ServiceError(
          "conflict",
          `you reviewed content ${short(input.contentHash)}, but the request for v${v.version} is for ${short(r.contentHash)}: it changed since you opened it. Reload and review it again`,
          [{ path: "contentHash", message: "not the content of the request", code: "changed_since_request" }],
        );
      if (documentHash(parseDocument(v.document)) !== r.contentHash || v.contentHash !== r.contentHash)
        throw new ServiceError("conflict", `v${v.version} no longer has the content it was requested with (the stored version was altered); it cannot be approved`, [
          { path: "version", message: "stored content does not match the request", code: "changed_since_request" },
        ]);
      const at = (input.now ?? new Date()).toISOString();
      const status = input.decision === "approve" ? "approved" : "rejected";
      tx.update(approvalRequests).set({ status, decidedBy: input.actor, decidedAt: at, decisionComment: input.comment }).where(eq(approvalRequests.id, r.id)).run();
      refreshVersionStates(tx, v.id);
      emitAudit(tx, {
        actor: input.actor,
        action: input.decision === "approve" ? "playbook.approved" : "playbook.rejected",
        entityId: v.playbookId,
        at,
        before: { version: v.version, state: "awaiting_approval", requestId: r.id, requestedBy: r.requestedBy },
        after: { version: v.version, state: status, requestId: r.id, contentHash: r.contentHash, comment: input.comment },
      });
      return toApprovalRequest({ ...r, status, decidedBy: input.actor, decidedAt: at, decisionComment: input.comment }, v.version);
    },
    { behavior: "immediate" },
  );
}

/** The requester (or an admin, checked at the boundary) takes a pending request back. */
export function withdrawApproval(ctx: ServiceContext, input: { playbookId: string; version: number; reason?: string; actor: string; isAdmin: boolean; now?: Date }): ApprovalRequest {
  return ctx.db.transaction(
    (tx) => {
      const v = versionRowOrThrow(tx, input.playbookId, input.version);
      const r = latestRequest(tx, v.id);
      if (!r || r.status !== "pending") throw new ServiceError("conflict", `v${v.version} has no pending approval request`, [{ path: "version", message: "nothing to withdraw" }]);
      if (r.requestedBy !== input.actor && !input.isAdmin)
        throw new ServiceError("forbidden", `only ${r.requestedBy}, who asked for it, or an admin can withdraw this request`, [{ path: "session", message: "not your request" }]);
      const at = (input.now ?? new Date()).toISOString();
      const note = input.reason?.trim() ? `withdrawn: ${input.reason.trim()}` : "withdrawn by the requester";
      tx.update(approvalRequests).set({ status: "withdrawn", decidedBy: input.actor, decidedAt: at, decisionComment: note }).where(eq(approvalRequests.id, r.id)).run();
      refreshVersionStates(tx, v.id);
      emitAudit(tx, { actor: input.actor, action: "playbook.approval_withdrawn", entityId: v.playbookId, at, before: { requestId: r.id, version: v.version, status: "pending" }, after: { requestId: r.id, status: "withdrawn", reason: note } });
      return toApprovalRequest({ ...r, status: "withdrawn", decidedBy: input.actor, decidedAt: at, decisionComment: note }, v.version);
    },
    { behavior: "immediate" },
  );
}

/** Refusal to publish a version that needs approval (or was rejected); the message says what to do. */
export function assertApprovedIfRequired(tx: Exec, v: VersionRow, requireApproval: boolean): void {
  const r = latestRequest(tx, v.id);
  if (r?.status === "rejected" && !wasLive(tx, v))
    throw new ServiceError("conflict", `v${v.version} was rejected by ${r.decidedBy}: "${r.decisionComment}". It cannot go live; make a new version`, [{ path: "version", message: "rejected", code: "rejected" }]);
  if (!requireApproval || wasLive(tx, v) || isApproved(tx, v)) return;
  const state = r?.status === "pending" ? `it is awaiting approval (asked by ${r.requestedBy})` : "ask for approval first";
  throw new ServiceError("conflict", `this workspace requires approval before publishing: v${v.version} is not approved — ${state}. A second person with the operator role approves it`, [
    { path: "version", message: "not approved", code: "approval_required" },
  ]);
}
