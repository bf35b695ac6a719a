import { SaveDraftRequest } from "@/schemas";
import { getDraft, saveDraft } from "@/app/_server/services/drafts";
import { ValidationError, zodIssues } from "@/app/_server/errors";
import { json, readJson, route } from "../../../_lib/handler";

export const dynamic = "force-dynamic";

/** The shared canvas draft: the saved one, or the published (else newest) version at revision 0; with its issues. */
export const GET = route<{ id: string }>({ permission: "playbooks.read" }, ({ ctx, params }) => json(getDraft(ctx, params.id)));

/** Save the draft: { baseRevision, document }. 409 (error.current says who saved when) if someone saved after baseRevision. */
export const PUT = route<{ id: string }>({ permission: "playbooks.import" }, async ({ req, ctx, params, actor }) => {
  const body = SaveDraftRequest.safeParse(await readJson(req));
  if (!body.success) throw new ValidationError("invalid draft save", zodIssues(body.error));
  return json(saveDraft(ctx, { id: params.id, baseRevision: body.data.baseRevision, document: body.data.document, actor }));
});
