import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { PlaybookDraft, PlaybookSummary, SaveDraftRequest, SaveDraftResult, Slug } from "@/schemas";
import { CommitDraftRequest, CreatePlaybookRequest, DraftVersionResult, ImportResult, PlaybookDetail, PlaybookDocumentView, SaveDocumentRequest, PublishDraftRequest, RecentCase, TryDraftRequest, TryDraftResult } from "@/schemas/resources";
import { PlaybookVersionDetail } from "@/schemas/history";
import { getPlaybookVersion } from "../../services/history";
import { getPlaybook, listPlaybooks } from "../../services/playbooks";
import { createFormPlaybook, getFormDocument, saveFormDocument } from "../../services/documents";
import { commitDraft, createPlaybook, getDraft, publishDraft, recentCases, saveDraft, tryDraft } from "../../services/drafts";
import { can, forbiddenMessage } from "../../auth/permissions";
import { authorizedProcedure, createTRPCRouter } from "../init";

export const playbooksRouter = createTRPCRouter({
  list: authorizedProcedure("playbooks.read").input(z.void()).output(z.array(PlaybookSummary)).query(({ ctx }) => listPlaybooks(ctx)),

  get: authorizedProcedure("playbooks.read")
    .input(z.object({ id: Slug }))
    .output(PlaybookDetail)
    .query(({ ctx, input }) => {
      const found = getPlaybook(ctx, input.id);
      if (!found) throw new TRPCError({ code: "NOT_FOUND", message: `playbook '${input.id}' not found` });
      return found;
    }),

  /** One exact version: what a decision that recorded it ran against. */
  version: authorizedProcedure("playbooks.read")
    .input(z.object({ id: Slug, version: z.number().int().min(1) }))
    .output(PlaybookVersionDetail)
    .query(({ ctx, input }) => {
      const found = getPlaybookVersion(ctx, input.id, input.version);
      if (!found) throw new TRPCError({ code: "NOT_FOUND", message: `playbook '${input.id}' has no version ${input.version}` });
      return found;
    }),

  // ----- the canvas editor -------------------------------------------------------------------
  // A stale save or publish is CONFLICT with data.current (who saved, when); a draft with errors
  // cannot be published or tried: BAD_REQUEST with data.issues (nodes.<id>.<field>) and data.flowIssues.

  /** A new, empty routing playbook (a draft, no versions yet). */
  create: authorizedProcedure("playbooks.import")
    .input(CreatePlaybookRequest)
    .output(PlaybookDraft)
    .mutation(({ ctx, input }) => createPlaybook(ctx, { ...input, actor: ctx.actorLabel })),

  /** The shared draft: the saved one, or the published (else newest) version at revision 0. */
  draft: authorizedProcedure("playbooks.read")
    .input(z.object({ id: Slug }))
    .output(PlaybookDraft)
    .query(({ ctx, input }) => getDraft(ctx, input.id)),

  saveDraft: authorizedProcedure("playbooks.import")
    .input(SaveDraftRequest.extend({ id: Slug }))
    .output(SaveDraftResult)
    .mutation(({ ctx, input }) => saveDraft(ctx, { ...input, actor: ctx.actorLabel })),

  /** Compile the draft, import it as a version and publish it. */
  publishDraft: authorizedProcedure("playbooks.publish")
    .input(PublishDraftRequest.extend({ id: Slug }))
    .output(DraftVersionResult)
    .mutation(({ ctx, input }) => publishDraft(ctx, { ...input, actor: ctx.actorLabel })),

  /** Compile the draft into a validated version without publishing it; with requestApproval, also ask a second person to approve it. */
  commitDraft: authorizedProcedure("playbooks.import")
    .input(CommitDraftRequest.extend({ id: Slug }))
    .output(DraftVersionResult)
    .mutation(({ ctx, input }) => {
      if (input.requestApproval && !can(ctx.actor, "playbooks.request_approval")) throw new TRPCError({ code: "FORBIDDEN", message: forbiddenMessage(ctx.actor, "playbooks.request_approval") });
      return commitDraft(ctx, { ...input, actor: ctx.actorLabel });
    }),

  /** Run the editor's document on one case (nothing stored): the decision and the canvas overlay. A mutation only because the document is large. */
  tryDraft: authorizedProcedure("simulate.run")
    .input(TryDraftRequest)
    .output(TryDraftResult)
    .mutation(({ input }) => tryDraft(input)),

  // ----- the form editors (tone, okr) -------------------------------------------------------
  // A stale save is CONFLICT (data.issues: baseVersion); an invalid document is BAD_REQUEST with data.issues.

  /** A new, empty tone or OKR playbook: its starter document, no versions yet. */
  createDocument: authorizedProcedure("playbooks.import")
    .input(CreatePlaybookRequest)
    .output(PlaybookDocumentView)
    .mutation(({ ctx, input }) => createFormPlaybook(ctx, { ...input, actor: ctx.actorLabel })),

  /** What the form opens: the newest version, or the starter document. */
  document: authorizedProcedure("playbooks.read")
    .input(z.object({ id: Slug }))
    .output(PlaybookDocumentView)
    .query(({ ctx, input }) => getFormDocument(ctx, input.id)),

  /** Save the form as a new validated version (publishing is the lifecycle's, as for every version). */
  saveDocument: authorizedProcedure("playbooks.import")
    .input(SaveDocumentRequest)
    .output(ImportResult)
    .mutation(({ ctx, input }) => saveFormDocument(ctx, { ...input, actor: ctx.actorLabel })),

  /** The newest stored cases, for "try it" with a real case. */
  recentCases: authorizedProcedure("cases.read")
    .input(z.object({ limit: z.number().int().min(1).max(50).default(10) }).default({ limit: 10 }))
    .output(z.array(RecentCase))
    .query(({ ctx, input }) => recentCases(ctx, input)),
});
