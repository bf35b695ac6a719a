import { getPlaybookVersion } from "@/app/_server/services/history";
import { HttpError, json, route, versionParam } from "../../../../_lib/handler";

export const dynamic = "force-dynamic";

/** One exact playbook version: its document, state, author, content hash and how many decisions ran it. */
export const GET = route<{ id: string; version: string }>({ permission: "playbooks.read" }, ({ ctx, params }) => {
  const found = getPlaybookVersion(ctx, params.id, versionParam(params.version));
  if (!found) throw new HttpError(404, "not_found", `playbook '${params.id}' has no version ${params.version}`, [{ path: "version", message: "no such version of this playbook" }]);
  return json(found);
});
