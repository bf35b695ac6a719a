import { retryWebhookDelivery } from "@/app/_server/services/webhooks";
import { json, route } from "../../../_lib/handler";

export const dynamic = "force-dynamic";

/** A dead delivery back to pending, due now, with a fresh round of attempts (409 unless it is dead). */
export const POST = route<{ id: string }>({ permission: "webhooks.manage" }, ({ ctx, params, actor }) => json(retryWebhookDelivery(ctx, params.id, actor)));
