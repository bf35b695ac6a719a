import { RollbackRequest } from "@/schemas/lifecycle";
import { rollbackPlaybook } from "@/app/_server/services/publishing";
import { json, readBody, route } from "../../../_lib/handler";

export const dynamic = "force-dynamic";

/** Put an earlier, previously live version back live in one action: { version, reason }. */
export const POST = route<{ id: string }>({ permission: "playbooks.publish" }, async ({ req, ctx, params, actor }) => {
  const body = await readBody(req, RollbackRequest, "rollback request");
  return json(rollbackPlaybook(ctx, { playbookId: params.id, ...body, actor }));
});
