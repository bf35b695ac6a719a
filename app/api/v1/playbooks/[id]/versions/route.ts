import { listVersions } from "@/app/_server/services/versions";
import { json, route } from "../../../_lib/handler";

export const dynamic = "force-dynamic";

/** Every version with who, when, why, its state, approval, schedules and backtest, and the publish log. */
export const GET = route<{ id: string }>({ permission: "playbooks.read" }, ({ ctx, params }) => json(listVersions(ctx, params.id)));
