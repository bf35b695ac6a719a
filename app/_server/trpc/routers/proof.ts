// The auditor's proof tools: replay, resumable chain verification. Evidence downloads go through
// GET /api/v1/cases/:id/evidence (a file, not JSON for a component).
import { z } from "zod";
import { ReplayResult, ReplaySampleResult, VerifyRangeQuery, VerifyRangeResult } from "@/schemas";
import { verifyChainRange } from "../../services/chain";
import { countDecisions, replayDecision, replaySample, SAMPLE_CHUNK_MAX } from "../../services/replay";
import { authorizedProcedure, createTRPCRouter } from "../init";

export const proofRouter = createTRPCRouter({
  /** Re-run one decision against the versions it recorded. Changes nothing; a mutation because it is an action. */
  replay: authorizedProcedure("audit.replay")
    .input(z.object({ id: z.string().min(1).max(200) }))
    .output(ReplayResult)
    .mutation(({ ctx, input }) => replayDecision(ctx, input.id)),

  /** One chunk of a sample replay; the first call draws the seed and untilSeq, later calls pass them back. */
  replaySample: authorizedProcedure("audit.replay")
    .input(
      z.object({
        size: z.number().int().min(1).max(10_000),
        seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
        untilSeq: z.number().int().min(0).optional(),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(SAMPLE_CHUNK_MAX).default(50),
      }),
    )
    .output(ReplaySampleResult)
    .mutation(({ ctx, input }) => replaySample(ctx, input)),

  /** How many decisions the log holds (the sample size's upper bound, the progress bar's total). */
  count: authorizedProcedure("audit.replay")
    .output(z.number().int())
    .query(({ ctx }) => countDecisions(ctx)),

  /** One chunk of a resumable chain verification. */
  verifyRange: authorizedProcedure("audit.verify")
    .input(VerifyRangeQuery)
    .output(VerifyRangeResult)
    .query(({ ctx, input }) => verifyChainRange(ctx, input)),
});
