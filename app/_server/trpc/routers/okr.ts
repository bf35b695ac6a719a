import { z } from "zod";
import { MetricSeries, MetricSeriesRequest, OkrDashboard, OkrDashboardQuery, OkrLintResponse, OkrSetSummary } from "@/schemas/okr";
import { lintOkrDocument, listOkrSets, metricSeries, okrDashboardQuery } from "../../services/okr";
import { authorizedProcedure, createTRPCRouter } from "../init";

export const okrRouter = createTRPCRouter({
  /** The OKR sets with counts, lint warnings and mean progress: the index page. */
  list: authorizedProcedure("metrics.read").output(z.array(OkrSetSummary)).query(({ ctx }) => listOkrSets(ctx, new Date())),

  dashboard: authorizedProcedure("metrics.read")
    .input(z.object({ playbookId: z.string().min(1).max(100) }).and(OkrDashboardQuery))
    .output(OkrDashboard)
    .query(({ ctx, input }) => okrDashboardQuery(ctx, input, new Date())),

  metric: authorizedProcedure("metrics.read").input(MetricSeriesRequest).output(MetricSeries).query(({ ctx, input }) => metricSeries(ctx.db, input)),

  /** Changes nothing; a mutation only because a whole document is too long for a query's URL. The editor lints in the browser (engine/okr.ts). */
  lint: authorizedProcedure("playbooks.validate").input(z.unknown()).output(OkrLintResponse).mutation(({ input }) => lintOkrDocument(input)),
});
