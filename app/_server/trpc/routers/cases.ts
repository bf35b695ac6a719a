import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { CaseTimeline } from "@/schemas/history";
import { getCaseTimeline } from "../../services/history";
import { authorizedProcedure, createTRPCRouter } from "../init";

export const casesRouter = createTRPCRouter({
  /** The case, then every decision and event of it and of the same customer's other cases, in time order. */
  timeline: authorizedProcedure("decisions.read")
    .input(z.object({ id: z.string().min(1).max(200) }))
    .output(CaseTimeline)
    .query(({ ctx, input }) => {
      const found = getCaseTimeline(ctx, input.id);
      if (!found) throw new TRPCError({ code: "NOT_FOUND", message: `case '${input.id}' not found` });
      return found;
    }),
});
