import { getPlaybook } from "@/app/_server/services/playbooks";
import { json, notFound, route } from "../../_lib/handler";

export const dynamic = "force-dynamic";

/** Summary, every version, and the published and latest documents. */
export const GET = route<{ id: string }>({ permission: "playbooks.read" }, ({ ctx, params }) => {
  const found = getPlaybook(ctx, params.id);
  if (!found) throw notFound("playbook", params.id);
  return json(found);
});
