import { createWebhookEndpoint, listWebhookEndpoints } from "@/app/_server/services/webhooks";
import { json, readJson, route } from "../_lib/handler";

export const dynamic = "force-dynamic";

export const GET = route({ permission: "webhooks.manage" }, ({ ctx }) => json({ items: listWebhookEndpoints(ctx) }));

/** { name, url, targets?, enabled? } → 201 with the signing secret, shown only in this answer. */
export const POST = route({ permission: "webhooks.manage" }, async ({ req, ctx, actor }) => json(createWebhookEndpoint(ctx, await readJson(req), actor), 201));
