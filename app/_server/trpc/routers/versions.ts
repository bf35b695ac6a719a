import { z } from "zod";
import { Slug } from "@/schemas";
import { ApprovalDecisionBody, ApprovalRequest, PublishRequest, PublishResult, PublishSchedule, RequestApprovalBody, RollbackRequest, VersionDiff, VersionList } from "@/schemas/lifecycle";
import { decideApproval, requestApproval, withdrawApproval } from "../../services/approvals";
import { cancelSchedule, publishVersion, rollbackPlaybook } from "../../services/publishing";
import { diffVersions, listVersions, recordComparison } from "../../services/versions";
import { authorizedProcedure, createTRPCRouter } from "../init";

const Version = z.number().int().min(1);
const At = z.object({ id: Slug, version: Version });

/** The version lifecycle for the UI: the same service verbs as /api/v1/playbooks/{id}/…. */
export const versionsRouter = createTRPCRouter({
  list: authorizedProcedure("playbooks.read")
    .input(z.object({ id: Slug }))
    .output(VersionList)
    .query(({ ctx, input }) => listVersions(ctx, input.id)),

  diff: authorizedProcedure("playbooks.read")
    .input(z.object({ id: Slug, from: Version, to: Version }))
    .output(VersionDiff)
    .query(({ ctx, input }) => diffVersions(ctx, { playbookId: input.id, from: input.from, to: input.to })),

  /** The comparison page records that a person reviewed this pair (audit evidence; once per person and pair per quarter hour). */
  recordComparison: authorizedProcedure("playbooks.read")
    .input(z.object({ id: Slug, from: Version, to: Version }))
    .output(z.object({ recorded: z.boolean() }))
    .mutation(({ ctx, input }) => recordComparison(ctx, { playbookId: input.id, from: input.from, to: input.to, actor: ctx.actorLabel })),

  publish: authorizedProcedure("playbooks.publish")
    .input(z.object({ id: Slug }).and(PublishRequest))
    .output(PublishResult)
    .mutation(({ ctx, input }) => {
      const { id, ...req } = input;
      return publishVersion(ctx, { playbookId: id, ...req, actor: ctx.actorLabel });
    }),

  rollback: authorizedProcedure("playbooks.publish")
    .input(z.object({ id: Slug }).and(RollbackRequest))
    .output(PublishResult)
    .mutation(({ ctx, input }) => rollbackPlaybook(ctx, { playbookId: input.id, version: input.version, reason: input.reason, actor: ctx.actorLabel })),

  cancelSchedule: authorizedProcedure("playbooks.publish")
    .input(z.object({ id: Slug, scheduleId: z.string().min(1).max(100) }))
    .output(PublishSchedule)
    .mutation(({ ctx, input }) => cancelSchedule(ctx, { playbookId: input.id, scheduleId: input.scheduleId, actor: ctx.actorLabel })),

  requestApproval: authorizedProcedure("playbooks.request_approval")
    .input(At.extend(RequestApprovalBody.shape))
    .output(ApprovalRequest)
    .mutation(({ ctx, input }) => requestApproval(ctx, { playbookId: input.id, version: input.version, comment: input.comment, actor: ctx.actorLabel })),

  withdrawApproval: authorizedProcedure("playbooks.request_approval")
    .input(At)
    .output(ApprovalRequest)
    .mutation(({ ctx, input }) =>
      withdrawApproval(ctx, { playbookId: input.id, version: input.version, actor: ctx.actorLabel, isAdmin: ctx.actor.kind === "user" && ctx.actor.user.role === "admin" }),
    ),

  approve: authorizedProcedure("playbooks.approve")
    .input(At.extend(ApprovalDecisionBody.shape))
    .output(ApprovalRequest)
    .mutation(({ ctx, input }) => decideApproval(ctx, { playbookId: input.id, version: input.version, decision: "approve", comment: input.comment, contentHash: input.contentHash, actor: ctx.actorLabel })),

  reject: authorizedProcedure("playbooks.approve")
    .input(At.extend(ApprovalDecisionBody.shape))
    .output(ApprovalRequest)
    .mutation(({ ctx, input }) => decideApproval(ctx, { playbookId: input.id, version: input.version, decision: "reject", comment: input.comment, contentHash: input.contentHash, actor: ctx.actorLabel })),
});
