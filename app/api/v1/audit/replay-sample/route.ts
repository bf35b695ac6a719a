import { ReplaySampleRequest } from "@/schemas";
import { ValidationError, zodIssues } from "@/app/_server/errors";
import { replaySample } from "@/app/_server/services/replay";
import { json, readJson, route } from "../../_lib/handler";

export const dynamic = "force-dynamic";

/** Replay a random sample of all decisions: how many are identical, and which ones are not. */
export const POST = route({ permission: "audit.replay" }, async ({ req, ctx }) => {
  const parsed = ReplaySampleRequest.safeParse(await readJson(req));
  if (!parsed.success) throw new ValidationError("invalid sample request", zodIssues(parsed.error));
  return json(replaySample(ctx, parsed.data));
});
