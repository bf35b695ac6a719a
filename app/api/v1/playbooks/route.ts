import { importPlaybook, listPlaybooks } from "@/app/_server/services/playbooks";
import { createPlaybook } from "@/app/_server/services/drafts";
import { createFormPlaybook } from "@/app/_server/services/documents";
import { CreatePlaybookRequest, DOCUMENT_KINDS } from "@/schemas/resources";
import { HttpError, json, readJson, requirePermission, route } from "../_lib/handler";

export const dynamic = "force-dynamic";

export const GET = route({ permission: "playbooks.read" }, ({ ctx }) => json({ items: listPlaybooks(ctx) }));

/**
 * A whole playbook document (it has `schemaVersion` or `rules`, or `kind` beside fields a
 * CreatePlaybookRequest does not have): imported as a version; anything else is a CreatePlaybookRequest.
 */
const CREATE_FIELDS = new Set(Object.keys(CreatePlaybookRequest.shape));
const isDocument = (body: unknown) =>
  typeof body === "object" && body !== null && ("schemaVersion" in body || "rules" in body || ("kind" in body && Object.keys(body).some((k) => !CREATE_FIELDS.has(k))));

const flag = (query: URLSearchParams, name: string): boolean => {
  const v = query.get(name);
  if (v !== null && v !== "true" && v !== "false") throw new HttpError(400, "invalid_request", `${name} must be true or false`, [{ path: `query.${name}`, message: "use true or false" }]);
  return v === "true";
};

/**
 * Import a document as a new version (201 when a version was created): ?publish=true&comment=…
 * also publishes it (refused with 409, nothing written, when the workspace requires approval);
 * ?requestApproval=true&comment=… asks a second person to approve it. Or create a new, empty
 * playbook from { id, name, description?, locale?, kind? } (201: a flow kind's draft, or a tone or
 * okr playbook's starter document).
 */
export const POST = route({ permission: "playbooks.import" }, async ({ req, ctx, query, actor, caller }) => {
  const publish = flag(query, "publish");
  const requestApproval = flag(query, "requestApproval");
  if (publish && requestApproval)
    throw new HttpError(400, "invalid_request", "publish or ask for approval, not both", [{ path: "query.requestApproval", message: "leave it out when publishing" }]);
  // Importing is a strategist's; putting it live is an operator's: both are needed together.
  if (publish) requirePermission(caller, "playbooks.publish");
  if (requestApproval) requirePermission(caller, "playbooks.request_approval");
  const comment = query.get("comment") ?? undefined;
  if (publish && (comment?.trim().length ?? 0) < 3)
    throw new HttpError(422, "invalid_request", "a comment is required to publish", [{ path: "query.comment", message: "say why this version goes live (at least 3 characters)" }]);
  const body = await readJson(req);
  if (!isDocument(body)) {
    if (publish || requestApproval)
      throw new HttpError(400, "invalid_request", "a new playbook has nothing to publish yet", [{ path: `query.${publish ? "publish" : "requestApproval"}`, message: "publish its draft once it is drawn" }]);
    if (typeof body !== "object" || body === null || Array.isArray(body))
      throw new HttpError(422, "invalid_request", "send a playbook document to import, or { id, name } to create a playbook", [{ path: "body", message: "expected an object" }]);
    const fields = { ...(body as Record<string, unknown>), actor } as Parameters<typeof createPlaybook>[1];
    const formKind = (DOCUMENT_KINDS as readonly unknown[]).includes(fields.kind);
    return json(formKind ? createFormPlaybook(ctx, fields) : createPlaybook(ctx, fields), 201);
  }
  const result = importPlaybook(ctx, { document: body, publish, requestApproval, comment, actor });
  return json(result, result.created ? 201 : 200);
});
