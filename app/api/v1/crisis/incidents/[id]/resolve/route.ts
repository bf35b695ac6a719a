import { resolveIncident } from "@/app/_server/services/crisis";
import { json, readJson, route } from "../../../../_lib/handler";

export const dynamic = "force-dynamic";

/** A person (or incident tooling) ends crisis mode with a note: `{ note }`. 409 when it already ended. */
export const POST = route<{ id: string }>({ permission: "crisis.manage" }, async ({ req, ctx, params, actor }) =>
  json(resolveIncident(ctx, { id: params.id, body: await readJson(req), actor })),
);
