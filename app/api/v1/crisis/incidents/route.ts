import { listIncidents } from "@/app/_server/services/crisis";
import { json, route } from "../../_lib/handler";

export const dynamic = "force-dynamic";

/** Crisis incidents, newest first; `?status=active|resolved|expired`, `?limit`. */
export const GET = route({ permission: "crisis.read" }, ({ ctx, query }) => json({ items: listIncidents(ctx, Object.fromEntries(query)) }));
