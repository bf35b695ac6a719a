import { RequestApprovalBody } from "@/schemas/lifecycle";
import { requestApproval, withdrawApproval } from "@/app/_server/services/approvals";
import { json, readBody, route, versionParam } from "../../../../../_lib/handler";

export const dynamic = "force-dynamic";

/** Ask a second person to approve this version: { comment? }. One request per playbook is pending at a time (a new one withdraws the older). */
export const POST = route<{ id: string; version: string }>({ permission: "playbooks.request_approval" }, async ({ req, ctx, params, actor }) => {
  const body = await readBody(req, RequestApprovalBody, "approval request");
  return json(requestApproval(ctx, { playbookId: params.id, version: versionParam(params.version), comment: body.comment, actor }), 201);
});

/** Take the pending request back (whoever asked, or an admin). */
export const DELETE = route<{ id: string; version: string }>({ permission: "playbooks.request_approval" }, ({ ctx, params, actor, caller }) =>
  json(withdrawApproval(ctx, { playbookId: params.id, version: versionParam(params.version), actor, isAdmin: caller?.kind === "user" && caller.user.role === "admin" })),
);
