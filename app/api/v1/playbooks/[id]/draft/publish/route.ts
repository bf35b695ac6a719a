import { PublishDraftRequest } from "@/schemas/resources";
import { publishDraft } from "@/app/_server/services/drafts";
import { ValidationError, zodIssues } from "@/app/_server/errors";
import { json, readJson, route } from "../../../../_lib/handler";

export const dynamic = "force-dynamic";

/** Publish the draft at { revision }: compiled, imported as a new version, published. 422 with the draft's errors; 409 if it moved on. */
export const POST = route<{ id: string }>({ permission: "playbooks.publish" }, async ({ req, ctx, params, actor }) => {
  const body = PublishDraftRequest.safeParse(await readJson(req));
  if (!body.success) throw new ValidationError("invalid publish request", zodIssues(body.error));
  return json(publishDraft(ctx, { id: params.id, revision: body.data.revision, actor }));
});
