import { setChecklistItem } from "@/app/_server/services/crisis";
import { json, readJson, route } from "../../../../../_lib/handler";

export const dynamic = "force-dynamic";

/** Mark a protocol item done or not done: `{ done, note? }`; who and when are recorded. */
export const POST = route<{ id: string; itemId: string }>({ permission: "crisis.manage" }, async ({ req, ctx, params, actor }) =>
  json(setChecklistItem(ctx, { id: params.id, itemId: params.itemId, body: await readJson(req), actor })),
);
