import { ApprovalDecisionBody } from "@/schemas/lifecycle";
import { decideApproval } from "@/app/_server/services/approvals";
import { json, readBody, route, versionParam } from "../../../../../_lib/handler";

export const dynamic = "force-dynamic";

/** Reject the pending request: { comment, contentHash } (the hash you reviewed). People only; never the author (403); 409 if the request changed since. */
export const POST = route<{ id: string; version: string }>({ permission: "playbooks.approve" }, async ({ req, ctx, params, actor }) => {
  const body = await readBody(req, ApprovalDecisionBody, "rejection");
  return json(decideApproval(ctx, { playbookId: params.id, version: versionParam(params.version), decision: "reject", ...body, actor }));
});
