import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { DecisionPage, DecisionQuery, DecisionSearchQuery, DecisionSummary, Slug } from "@/schemas";
import { DecisionCanvas, DecisionDetail } from "@/schemas/resources";
import { countDecisions, getDecision, listDecisions, listDecisionsAfter, searchDecisions } from "../../services/decisions";
import { decisionCanvas } from "../../services/drafts";
import { authorizedProcedure, createTRPCRouter } from "../init";

const COUNT_CAP = 10_000;

export const decisionsRouter = createTRPCRouter({
  /** Newest first, paginated by cursor. */
  list: authorizedProcedure("decisions.read")
    .input(DecisionQuery.partial().default({}))
    .output(DecisionPage)
    .query(({ ctx, input }) => listDecisions(ctx, input)),

  /** Decision search (the auditor's page): every filter of DecisionSearchQuery, keyset cursor. */
  search: authorizedProcedure("decisions.read")
    .input(DecisionSearchQuery)
    .output(DecisionPage)
    .query(({ ctx, input }) => searchDecisions(ctx, input)),

  /** How many decisions a search matches, counted up to 10,000 (`capped`: there are more). */
  count: authorizedProcedure("decisions.read")
    .input(DecisionSearchQuery)
    .output(z.object({ count: z.number().int(), capped: z.boolean() }))
    .query(({ ctx, input }) => {
      const n = countDecisions(ctx, input, COUNT_CAP);
      return n > COUNT_CAP ? { count: COUNT_CAP, capped: true } : { count: n, capped: false };
    }),

  /** The live feed's poll: only what arrived after the newest row the client has. */
  after: authorizedProcedure("decisions.read")
    .input(z.object({ afterSeq: z.number().int().min(0).optional(), limit: z.number().int().min(1).max(200).default(50) }))
    .output(z.array(DecisionSummary))
    .query(({ ctx, input }) => listDecisionsAfter(ctx, input)),

  get: authorizedProcedure("decisions.read")
    .input(z.object({ id: z.string().min(1).max(200) }))
    .output(DecisionDetail)
    .query(({ ctx, input }) => {
      const found = getDecision(ctx, input.id);
      if (!found) throw new TRPCError({ code: "NOT_FOUND", message: `decision '${input.id}' not found` });
      return found;
    }),

  /** A decision drawn on the canvas of the playbook version it recorded ("show on canvas"). */
  canvas: authorizedProcedure("decisions.read")
    .input(z.object({ decisionId: z.string().min(1).max(200), playbookId: Slug }))
    .output(DecisionCanvas)
    .query(({ ctx, input }) => decisionCanvas(ctx, input)),
});
