import { z } from "zod";
import { IsoDateTime } from "./common";

export const Channel = z
  .enum(["whatsapp", "messenger", "instagram", "facebook", "twitter", "email", "phone", "webchat", "sms", "community"])
  .meta({ id: "Channel" });
export type Channel = z.infer<typeof Channel>;

export const CustomerTier = z.enum(["vip", "high_value", "standard", "new"]).meta({ id: "CustomerTier" });
export type CustomerTier = z.infer<typeof CustomerTier>;

export const CustomerProfile = z
  .object({
    id: z.string().min(1).max(200),
    name: z.string().max(200).optional(),
    tier: CustomerTier.optional(),
    region: z.string().max(100).optional(),
    country: z
      .string()
      .regex(/^[A-Za-z]{2}$/, "use a two-letter ISO 3166 country code (e.g. MX)")
      .toUpperCase()
      .optional(),
    language: z.string().min(2).max(10).optional(),
    segment: z.string().max(100).optional(),
    lifetimeValue: z.number().nonnegative().optional(),
    followers: z.number().int().nonnegative().optional(),
  })
  .meta({ id: "CustomerProfile" });
export type CustomerProfile = z.infer<typeof CustomerProfile>;

const AttributeValue = z.union([z.string().max(10_000), z.number(), z.boolean(), z.null(), z.array(z.string().max(1000)).max(100)]);

/** A case as an integration posts it. */
export const CaseInput = z
  .object({
    externalId: z.string().min(1).max(200).describe("the id the source system gives this case; retries with the same id return the first answer"),
    source: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .describe("the integration that posted the case; (source, externalId) is unique. Defaults to the channel"),
    channel: Channel,
    receivedAt: IsoDateTime.optional().describe("when the customer wrote; defaults to the time Pauta received it"),
    language: z.string().min(2).max(10).optional().describe("ISO 639-1; detected from the text when missing"),
    subject: z.string().max(1000).optional(),
    text: z.string().trim().min(1, "the message text is required").max(100_000),
    customer: CustomerProfile,
    attributes: z.record(z.string().max(100), AttributeValue).default({}).describe("free attributes: program of interest, campaign, order id..."),
  })
  .meta({ id: "CaseInput" });
export type CaseInput = z.input<typeof CaseInput>;
/** A case after validation (defaults applied). */
export type Case = z.output<typeof CaseInput>;
