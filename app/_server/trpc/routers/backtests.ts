import { z } from "zod";
import { Slug } from "@/schemas";
import { BacktestChangePage, BacktestChangesQuery, BacktestInfo, BacktestRequest } from "@/schemas/lifecycle";
import { appLauncher, cancelBacktest, getBacktest, listBacktestChanges, listBacktests, startBacktest } from "../../services/backtests";
import { authorizedProcedure, createTRPCRouter } from "../init";

const Id = z.object({ id: z.string().min(1).max(100) });

export const backtestsRouter = createTRPCRouter({
  /** Start a backtest in a worker thread; poll `get` for its progress. */
  start: authorizedProcedure("playbooks.backtest")
    .input(z.object({ playbookId: Slug, request: BacktestRequest.default({ source: { draft: true }, limit: 10_000, channels: [] }) }))
    .output(BacktestInfo)
    .mutation(({ ctx, input }) => startBacktest(ctx, { playbookId: input.playbookId, request: input.request, actor: ctx.actorLabel }, appLauncher())),

  get: authorizedProcedure("playbooks.read").input(Id).output(BacktestInfo).query(({ ctx, input }) => getBacktest(ctx, input.id)),

  list: authorizedProcedure("playbooks.read")
    .input(z.object({ playbookId: Slug }))
    .output(z.array(BacktestInfo))
    .query(({ ctx, input }) => listBacktests(ctx, input.playbookId)),

  changes: authorizedProcedure("playbooks.read")
    .input(Id.extend(BacktestChangesQuery.shape))
    .output(BacktestChangePage)
    .query(({ ctx, input }) => {
      const { id, ...query } = input;
      return listBacktestChanges(ctx, id, query);
    }),

  cancel: authorizedProcedure("playbooks.backtest").input(Id).output(BacktestInfo).mutation(({ ctx, input }) => cancelBacktest(ctx, input.id)),
});
