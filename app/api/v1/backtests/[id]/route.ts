import { getBacktest } from "@/app/_server/services/backtests";
import { json, route } from "../../_lib/handler";

export const dynamic = "force-dynamic";

/** A backtest's status, progress (processed of total) and summary. */
export const GET = route<{ id: string }>({ permission: "playbooks.read" }, ({ ctx, params }) => json(getBacktest(ctx, params.id)));
