import { appLauncher, listBacktests, startBacktest } from "@/app/_server/services/backtests";
import { playbookRowOrThrow } from "@/app/_server/services/version-rows";
import { json, readJson, route } from "../../../_lib/handler";

export const dynamic = "force-dynamic";

/** The playbook's backtests, newest first. */
export const GET = route<{ id: string }>({ permission: "playbooks.read" }, ({ ctx, params }) => {
  playbookRowOrThrow(ctx.db, params.id);
  return json({ items: listBacktests(ctx, params.id) });
});

/** Start a backtest (BacktestRequest): 202 with its id; follow GET /api/v1/backtests/{id} for progress. */
export const POST = route<{ id: string }>({ permission: "playbooks.backtest" }, async ({ req, ctx, params, actor }) =>
  json(startBacktest(ctx, { playbookId: params.id, request: await readJson(req), actor }, appLauncher()), 202),
);
