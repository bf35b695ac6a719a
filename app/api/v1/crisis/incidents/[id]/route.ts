import { getIncident } from "@/app/_server/services/crisis";
import { json, route } from "../../../_lib/handler";

export const dynamic = "force-dynamic";

/** One incident with its checklist, its volume series and its entries in the decision log. */
export const GET = route<{ id: string }>({ permission: "crisis.read" }, ({ ctx, params }) => json(getIncident(ctx, params.id)));
