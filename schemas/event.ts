import { z } from "zod";
import { IsoDateTime } from "./common";

const base = {
  eventId: z.string().min(1).max(200).describe("idempotency key of the event"),
  occurredAt: IsoDateTime,
  actor: z.string().max(200).optional(),
};

export const CaseEvent = z
  .discriminatedUnion("type", [
    z.object({ ...base, type: z.literal("agent_replied"), text: z.string().max(100_000).optional() }),
    z.object({ ...base, type: z.literal("customer_replied"), text: z.string().max(100_000).optional() }),
    z.object({ ...base, type: z.literal("assigned"), queue: z.string().max(200).optional(), agent: z.string().max(200).optional() }),
    z.object({ ...base, type: z.literal("resolved") }),
    z.object({ ...base, type: z.literal("reopened") }),
    z.object({
      ...base,
      type: z.literal("survey_answered"),
      csat: z.number().int().min(1).max(5).optional(),
      nps: z.number().int().min(0).max(10).optional(),
      comment: z.string().max(10_000).optional(),
    }),
    z.object({ ...base, type: z.literal("reply_drafted"), text: z.string().min(1).max(100_000) }),
  ])
  .meta({ id: "CaseEvent" });
export type CaseEvent = z.infer<typeof CaseEvent>;
export type CaseEventType = CaseEvent["type"];
