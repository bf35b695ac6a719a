import { CommitDraftRequest } from "@/schemas/resources";
import { commitDraft } from "@/app/_server/services/drafts";
import { json, readBody, requirePermission, route } from "../../../../_lib/handler";

export const dynamic = "force-dynamic";

/** Make a version of the draft at { revision } without publishing it ({ comment?, requestApproval? }). 422 with the draft's errors; 409 if it moved on. */
export const POST = route<{ id: string }>({ permission: "playbooks.import" }, async ({ req, ctx, params, actor, caller }) => {
  const body = await readBody(req, CommitDraftRequest, "version request");
  if (body.requestApproval) requirePermission(caller, "playbooks.request_approval");
  return json(commitDraft(ctx, { id: params.id, ...body, actor }), 201);
});
