import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { SlaClockList } from "@/schemas/escalation";
import { CaseTimeline } from "@/schemas/history";
import { caseExists } from "../../services/cases";
import { getCaseTimeline } from "../../services/history";
import { listCaseClocks } from "../../services/sla";
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

  /** The case's SLA clocks, with the SLA time used as of now. */
  sla: authorizedProcedure("cases.read")
    .input(z.object({ id: z.string().min(1).max(200) }))
    .output(SlaClockList)
    .query(({ ctx, input }) => {
      if (!caseExists(ctx.db, input.id)) throw new TRPCError({ code: "NOT_FOUND", message: `case '${input.id}' not found` });
      return { items: listCaseClocks(ctx.db, input.id) };
    }),
});
