import { WebhookDeliveryQuery } from "@/schemas/notifications";
import { listWebhookDeliveries } from "@/app/_server/services/webhooks";
import { ValidationError, zodIssues } from "@/app/_server/errors";
import { json, route } from "../../../_lib/handler";

export const dynamic = "force-dynamic";

export const GET = route<{ id: string }>({ permission: "webhooks.manage" }, ({ ctx, params, query }) => {
  const q = WebhookDeliveryQuery.safeParse(Object.fromEntries(query));
  if (!q.success) throw new ValidationError("invalid query", zodIssues(q.error));
  return json({ items: listWebhookDeliveries(ctx, { ...q.data, endpointId: params.id }) });
});
