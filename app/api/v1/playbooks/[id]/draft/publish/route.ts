import { PublishDraftRequest } from "@/schemas/resources";
import { publishDraft } from "@/app/_server/services/drafts";
import { json, readBody, route } from "../../../../_lib/handler";

export const dynamic = "force-dynamic";

/** Publish the draft at { revision, comment }: compiled, imported as a new version, published. 422 with the draft's errors; 409 if it moved on or needs approval. */
export const POST = route<{ id: string }>({ permission: "playbooks.publish" }, async ({ req, ctx, params, actor }) => {
  const body = await readBody(req, PublishDraftRequest, "publish request");
  return json(publishDraft(ctx, { id: params.id, ...body, actor }));
});
