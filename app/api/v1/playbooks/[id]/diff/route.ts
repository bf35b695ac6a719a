import { diffVersions } from "@/app/_server/services/versions";
import { HttpError, json, route, versionParam } from "../../../_lib/handler";

export const dynamic = "force-dynamic";

/** Compare two versions: ?from=3&to=5 — rules added, removed and changed, and both drawings with the nodes that differ. */
export const GET = route<{ id: string }>({ permission: "playbooks.read" }, ({ ctx, params, query }) => {
  const from = query.get("from");
  const to = query.get("to");
  if (!from || !to) throw new HttpError(422, "invalid_request", "name the two versions to compare", [{ path: `query.${from ? "to" : "from"}`, message: "required, e.g. ?from=1&to=2" }]);
  return json(diffVersions(ctx, { playbookId: params.id, from: versionParam(from), to: versionParam(to) }));
});
