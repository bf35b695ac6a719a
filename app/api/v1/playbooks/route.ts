import { importPlaybook, listPlaybooks } from "@/app/_server/services/playbooks";
import { HttpError, json, readJson, route } from "../_lib/handler";

export const dynamic = "force-dynamic";

export const GET = route({ scope: "read" }, ({ ctx }) => json({ items: listPlaybooks(ctx) }));

/** Import a document as a new version; ?publish=true also publishes it. 201 when a version was created. */
export const POST = route({ scope: "manage" }, async ({ req, ctx, query, actor }) => {
  const publish = query.get("publish");
  if (publish !== null && publish !== "true" && publish !== "false")
    throw new HttpError(400, "invalid_request", "publish must be true or false", [{ path: "query.publish", message: "use true or false" }]);
  const result = importPlaybook(ctx, { document: await readJson(req), publish: publish === "true", actor });
  return json(result, result.created ? 201 : 200);
});
