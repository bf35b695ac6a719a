import { cancelBacktest } from "@/app/_server/services/backtests";
import { json, route } from "../../../_lib/handler";

export const dynamic = "force-dynamic";

/** Stop a running backtest (at its next batch of cases); what it compared so far stays. */
export const POST = route<{ id: string }>({ permission: "playbooks.backtest" }, ({ ctx, params }) => json(cancelBacktest(ctx, params.id)));
