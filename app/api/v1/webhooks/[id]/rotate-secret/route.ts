import { rotateWebhookSecret } from "@/app/_server/services/webhooks";
import { json, route } from "../../../_lib/handler";

export const dynamic = "force-dynamic";

/** A new signing secret, shown only in this answer; the old one stops at once. */
export const POST = route<{ id: string }>({ permission: "webhooks.manage" }, ({ ctx, params, actor }) => json(rotateWebhookSecret(ctx, params.id, actor)));
