import { importPlaybook, listPlaybooks } from "@/app/_server/services/playbooks";
import { HttpError, json, readJson, requirePermission, route } from "../_lib/handler";

export const dynamic = "force-dynamic";

export const GET = route({ permission: "playbooks.read" }, ({ ctx }) => json({ items: listPlaybooks(ctx) }));

/** Import a document as a new version; ?publish=true also publishes it. 201 when a version was created. */
export const POST = route({ permission: "playbooks.import" }, async ({ req, ctx, query, actor, caller }) => {
  const publish = query.get("publish");
  if (publish !== null && publish !== "true" && publish !== "false")
    throw new HttpError(400, "invalid_request", "publish must be true or false", [{ path: "query.publish", message: "use true or false" }]);
  // Importing is a strategist's; putting it live is an operator's: both are needed together.
  if (publish === "true") requirePermission(caller, "playbooks.publish");
  const result = importPlaybook(ctx, { document: await readJson(req), publish: publish === "true", actor });
  return json(result, result.created ? 201 : 200);
});
