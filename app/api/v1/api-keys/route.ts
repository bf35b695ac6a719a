import { createApiKey, listApiKeys } from "@/app/_server/services/api-keys";
import { json, readJson, route } from "../_lib/handler";

export const dynamic = "force-dynamic";

export const GET = route({ permission: "keys.manage" }, ({ ctx }) => json({ items: listApiKeys(ctx) }));

/** { name, scopes } → 201 with the key's secret, shown only in this answer. */
export const POST = route({ permission: "keys.manage" }, async ({ req, ctx, actor }) => json(createApiKey(ctx, await readJson(req), actor), 201));
