import { z } from "zod";
import { NotificationItem, NotificationList, WebhookDelivery, WebhookDeliveryStatus, WebhookEndpoint, WebhookEndpointWithSecret } from "@/schemas/notifications";
import { listNotifications, markAllNotificationsRead, markNotificationRead, unreadNotifications } from "../../services/notifications";
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  getWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  retryWebhookDelivery,
  rotateWebhookSecret,
  sendTestWebhook,
  updateWebhookEndpoint,
} from "../../services/webhooks";
import { authorizedProcedure, createTRPCRouter } from "../init";

const Id = z.object({ id: z.string().min(1) });
const manage = () => authorizedProcedure("webhooks.manage");

export const webhooksRouter = createTRPCRouter({
  list: manage().input(z.void()).output(z.array(WebhookEndpoint)).query(({ ctx }) => listWebhookEndpoints(ctx)),
  get: manage().input(Id).output(WebhookEndpoint).query(({ ctx, input }) => getWebhookEndpoint(ctx, input.id)),
  // The services validate the endpoint fields (one issue per field); here only the envelope.
  create: manage()
    .input(z.record(z.string(), z.unknown()))
    .output(WebhookEndpointWithSecret)
    .mutation(({ ctx, input }) => createWebhookEndpoint(ctx, input, ctx.actorLabel)),
  update: manage()
    .input(z.object({ id: z.string().min(1), change: z.record(z.string(), z.unknown()) }))
    .output(WebhookEndpoint)
    .mutation(({ ctx, input }) => updateWebhookEndpoint(ctx, input.id, input.change, ctx.actorLabel)),
  remove: manage()
    .input(Id)
    .output(z.object({ id: z.string(), deleted: z.literal(true) }))
    .mutation(({ ctx, input }) => deleteWebhookEndpoint(ctx, input.id, ctx.actorLabel)),
  rotateSecret: manage().input(Id).output(WebhookEndpointWithSecret).mutation(({ ctx, input }) => rotateWebhookSecret(ctx, input.id, ctx.actorLabel)),
  sendTest: manage().input(Id).output(WebhookDelivery).mutation(({ ctx, input }) => sendTestWebhook(ctx, input.id, ctx.actorLabel)),
  deliveries: manage()
    .input(z.object({ endpointId: z.string().optional(), status: WebhookDeliveryStatus.optional(), limit: z.number().int().min(1).max(200).optional() }))
    .output(z.array(WebhookDelivery))
    .query(({ ctx, input }) => listWebhookDeliveries(ctx, input)),
  retry: manage().input(Id).output(WebhookDelivery).mutation(({ ctx, input }) => retryWebhookDelivery(ctx, input.id, ctx.actorLabel)),
});

export const notificationsRouter = createTRPCRouter({
  list: authorizedProcedure("notifications.read")
    .input(z.object({ unread: z.boolean().optional(), limit: z.number().int().min(1).max(200).optional() }).default({}))
    .output(NotificationList)
    .query(({ ctx, input }) => listNotifications(ctx, input)),
  unreadCount: authorizedProcedure("notifications.read").input(z.void()).output(z.number().int()).query(({ ctx }) => unreadNotifications(ctx)),
  markRead: authorizedProcedure("notifications.read").input(Id).output(NotificationItem).mutation(({ ctx, input }) => markNotificationRead(ctx, input.id, ctx.actorLabel)),
  markAllRead: authorizedProcedure("notifications.read")
    .input(z.void())
    .output(z.object({ marked: z.number().int() }))
    .mutation(({ ctx }) => markAllNotificationsRead(ctx, ctx.actorLabel)),
});
