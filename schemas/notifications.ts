// In-app notifications and the webhooks that carry them out of Pauta (issue 6).
import { z } from "zod";
import { IsoDateTime } from "./common";

export const WEBHOOK_DELIVERY_STATUSES = ["pending", "delivered", "dead"] as const;
export const WebhookDeliveryStatus = z.enum(WEBHOOK_DELIVERY_STATUSES).meta({ id: "WebhookDeliveryStatus" });
export type WebhookDeliveryStatus = z.infer<typeof WebhookDeliveryStatus>;

const WebhookUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((u) => {
    try {
      const p = new URL(u).protocol;
      return p === "https:" || p === "http:";
    } catch {
      return false;
    }
  }, "use an http:// or https:// address, e.g. https://example.com/pauta-hook");

const Targets = z
  .array(z.string().trim().min(1, "a target cannot be empty").max(100))
  .max(50)
  .describe("the notify targets this endpoint receives (e.g. supervisor-fraude); empty: every target");

export const WebhookEndpointCreate = z
  .object({ name: z.string().trim().min(1, "give the endpoint a name").max(100), url: WebhookUrl, targets: Targets.default([]), enabled: z.boolean().default(true) })
  .strict()
  .meta({ id: "WebhookEndpointCreate" });
export type WebhookEndpointCreate = z.input<typeof WebhookEndpointCreate>;

export const WebhookEndpointUpdate = z
  .object({ name: z.string().trim().min(1, "give the endpoint a name").max(100).optional(), url: WebhookUrl.optional(), targets: Targets.optional(), enabled: z.boolean().optional() })
  .strict()
  .meta({ id: "WebhookEndpointUpdate" });
export type WebhookEndpointUpdate = z.infer<typeof WebhookEndpointUpdate>;

export const WebhookEndpoint = z
  .object({
    id: z.string(),
    name: z.string(),
    url: z.string(),
    targets: z.array(z.string()),
    enabled: z.boolean(),
    createdAt: IsoDateTime,
    createdBy: z.string(),
    pending: z.number().int().describe("deliveries waiting to be sent or retried"),
    dead: z.number().int().describe("deliveries that failed every attempt (the dead-letter list)"),
  })
  .meta({ id: "WebhookEndpoint" });
export type WebhookEndpoint = z.infer<typeof WebhookEndpoint>;

export const WebhookEndpointWithSecret = z
  .object({ ...WebhookEndpoint.shape, secret: z.string().describe("the signing secret; shown only in this answer (creation or rotation)") })
  .meta({ id: "WebhookEndpointWithSecret" });
export type WebhookEndpointWithSecret = z.infer<typeof WebhookEndpointWithSecret>;

export const WebhookDelivery = z
  .object({
    id: z.string(),
    endpointId: z.string(),
    endpointName: z.string(),
    notificationId: z.string(),
    status: WebhookDeliveryStatus,
    attempts: z.number().int().describe("attempts in the current round (a retry from the dead-letter list starts a new round)"),
    nextAttemptAt: IsoDateTime,
    lastStatus: z.number().int().nullable().describe("the receiver's HTTP status on the last attempt; null for a network error or timeout"),
    lastError: z.string().nullable(),
    body: z.string().describe("the exact JSON that was signed and sent"),
    createdAt: IsoDateTime,
    deliveredAt: IsoDateTime.nullable(),
    deadAt: IsoDateTime.nullable(),
  })
  .meta({ id: "WebhookDelivery" });
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

export const WebhookDeliveryList = z.object({ items: z.array(WebhookDelivery).describe("newest first") }).meta({ id: "WebhookDeliveryList" });
export const WebhookDeliveryQuery = z.object({ status: WebhookDeliveryStatus.optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }).strict();

export const NotificationItem = z
  .object({
    id: z.string(),
    kind: z.string().describe("the decision's subject: case, event, timer or crisis"),
    target: z.string(),
    message: z.string().nullable(),
    caseId: z.string().nullable(),
    decisionId: z.string().nullable(),
    createdAt: IsoDateTime,
    readAt: IsoDateTime.nullable(),
    readBy: z.string().nullable(),
  })
  .meta({ id: "Notification" });
export type NotificationItem = z.infer<typeof NotificationItem>;

export const NotificationQuery = z.object({ unread: z.stringbool().optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }).strict();
export const NotificationList = z.object({ items: z.array(NotificationItem).describe("newest first"), unread: z.number().int() }).meta({ id: "NotificationList" });
export type NotificationList = z.infer<typeof NotificationList>;
