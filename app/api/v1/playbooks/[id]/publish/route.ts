import { PublishRequest } from "@/schemas/lifecycle";
import { publishVersion } from "@/app/_server/services/publishing";
import { json, readBody, route } from "../../../_lib/handler";

export const dynamic = "force-dynamic";

/**
 * Publish a version now ({ version, comment }), or schedule it ({ version, comment, at, until? }:
 * 201 with the schedule). 409 when the workspace requires approval and the version has none, or
 * it was rejected.
 */
export const POST = route<{ id: string }>({ permission: "playbooks.publish" }, async ({ req, ctx, params, actor }) => {
  const body = await readBody(req, PublishRequest, "publish request");
  const result = publishVersion(ctx, { playbookId: params.id, ...body, actor });
  return json(result, result.schedule ? 201 : 200);
});
