import { listBacktestChanges } from "@/app/_server/services/backtests";
import { json, route } from "../../../_lib/handler";

export const dynamic = "force-dynamic";

/** The cases the backtest changed, in run order: ?field=queue&cursor=&limit=. */
export const GET = route<{ id: string }>({ permission: "playbooks.read" }, ({ ctx, params, query }) => json(listBacktestChanges(ctx, params.id, Object.fromEntries(query))));
