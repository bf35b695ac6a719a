import { importPlaybook, listPlaybooks } from "@/app/_server/services/playbooks";
import { createPlaybook } from "@/app/_server/services/drafts";
import { HttpError, json, readJson, requirePermission, route } from "../_lib/handler";

export const dynamic = "force-dynamic";

export const GET = route({ permission: "playbooks.read" }, ({ ctx }) => json({ items: listPlaybooks(ctx) }));

/** A whole playbook document (it has `kind` or `schemaVersion`): imported as a version; anything else is CreatePlaybookRequest. */
const isDocument = (body: unknown) => typeof body === "object" && body !== null && ("kind" in body || "schemaVersion" in body || "rules" in body);

/**
 * Import a document as a new version (?publish=true also publishes it; 201 when a version was
 * created), or create a new, empty playbook from { id, name, description?, locale? } (201, its draft).
 */
export const POST = route({ permission: "playbooks.import" }, async ({ req, ctx, query, actor, caller }) => {
  const publish = query.get("publish");
  if (publish !== null && publish !== "true" && publish !== "false")
    throw new HttpError(400, "invalid_request", "publish must be true or false", [{ path: "query.publish", message: "use true or false" }]);
  // Importing is a strategist's; putting it live is an operator's: both are needed together.
  if (publish === "true") requirePermission(caller, "playbooks.publish");
  const body = await readJson(req);
  if (!isDocument(body)) {
    if (publish === "true")
      throw new HttpError(400, "invalid_request", "a new playbook has nothing to publish yet", [{ path: "query.publish", message: "publish its draft once it is drawn" }]);
    if (typeof body !== "object" || body === null || Array.isArray(body))
      throw new HttpError(422, "invalid_request", "send a playbook document to import, or { id, name } to create a playbook", [{ path: "body", message: "expected an object" }]);
    return json(createPlaybook(ctx, { ...(body as Record<string, unknown>), actor } as Parameters<typeof createPlaybook>[1]), 201);
  }
  const result = importPlaybook(ctx, { document: body, publish: publish === "true", actor });
  return json(result, result.created ? 201 : 200);
});
