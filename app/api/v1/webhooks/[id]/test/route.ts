import { sendTestWebhook } from "@/app/_server/services/webhooks";
import { json, route } from "../../../_lib/handler";

export const dynamic = "force-dynamic";

/** Queue a signed ping to this endpoint; the answer is the pending delivery (follow it in the deliveries list). */
export const POST = route<{ id: string }>({ permission: "webhooks.manage" }, ({ ctx, params, actor }) => json(sendTestWebhook(ctx, params.id, actor), 202));
