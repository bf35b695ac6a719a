import { getDecision } from "@/app/_server/services/decisions";
import { json, notFound, route } from "../../_lib/handler";

export const dynamic = "force-dynamic";

/** The full decision with its trace, its chain position and its case. */
export const GET = route<{ id: string }>({ permission: "decisions.read" }, ({ ctx, params }) => {
  const found = getDecision(ctx, params.id);
  if (!found) throw notFound("decision", params.id);
  return json(found);
});
