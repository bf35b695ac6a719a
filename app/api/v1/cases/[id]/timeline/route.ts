import { getCaseTimeline } from "@/app/_server/services/history";
import { json, notFound, route } from "../../../_lib/handler";

export const dynamic = "force-dynamic";

/** The case, then every decision and event of it and of the same customer's other cases (any channel), oldest first. */
export const GET = route<{ id: string }>({ permission: "decisions.read" }, ({ ctx, params }) => {
  const found = getCaseTimeline(ctx, params.id);
  if (!found) throw notFound("case", params.id);
  return json(found);
});
