import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { DecisionPage, DecisionQuery, DecisionSummary } from "@/schemas";
import { DecisionDetail } from "@/schemas/resources";
import { getDecision, listDecisions, listDecisionsAfter } from "../../services/decisions";
import { createTRPCRouter, publicProcedure } from "../init";

export const decisionsRouter = createTRPCRouter({
  /** Newest first, paginated by cursor. */
  list: publicProcedure
    .input(DecisionQuery.partial().default({}))
    .output(DecisionPage)
    .query(({ ctx, input }) => listDecisions(ctx, input)),

  /** The live feed's poll: only what arrived after the newest row the client has. */
  after: publicProcedure
    .input(z.object({ afterSeq: z.number().int().min(0).optional(), limit: z.number().int().min(1).max(200).default(50) }))
    .output(z.array(DecisionSummary))
    .query(({ ctx, input }) => listDecisionsAfter(ctx, input)),

  get: publicProcedure
    .input(z.object({ id: z.string().min(1).max(200) }))
    .output(DecisionDetail)
    .query(({ ctx, input }) => {
      const found = getDecision(ctx, input.id);
      if (!found) throw new TRPCError({ code: "NOT_FOUND", message: `decision '${input.id}' not found` });
      return found;
    }),
});
