import { deleteWebhookEndpoint, getWebhookEndpoint, updateWebhookEndpoint } from "@/app/_server/services/webhooks";
import { json, readJson, route } from "../../_lib/handler";

export const dynamic = "force-dynamic";

export const GET = route<{ id: string }>({ permission: "webhooks.manage" }, ({ ctx, params }) => json(getWebhookEndpoint(ctx, params.id)));

export const PATCH = route<{ id: string }>({ permission: "webhooks.manage" }, async ({ req, ctx, params, actor }) => json(updateWebhookEndpoint(ctx, params.id, await readJson(req), actor)));

/** Delete the endpoint and its deliveries (the audit log keeps what it was). */
export const DELETE = route<{ id: string }>({ permission: "webhooks.manage" }, ({ ctx, params, actor }) => json(deleteWebhookEndpoint(ctx, params.id, actor)));
