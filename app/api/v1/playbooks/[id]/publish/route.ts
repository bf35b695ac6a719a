import { PublishRequest } from "@/schemas/resources";
import { publishPlaybookVersion } from "@/app/_server/services/playbooks";
import { ValidationError, zodIssues } from "@/app/_server/errors";
import { json, readJson, route } from "../../../_lib/handler";

export const dynamic = "force-dynamic";

/** Publish (or roll back to) an existing version: { version }. */
export const POST = route<{ id: string }>({ permission: "playbooks.publish" }, async ({ req, ctx, params, actor }) => {
  const body = PublishRequest.safeParse(await readJson(req));
  if (!body.success) throw new ValidationError("invalid publish request", zodIssues(body.error));
  return json(publishPlaybookVersion(ctx, { playbookId: params.id, version: body.data.version, actor }));
});
