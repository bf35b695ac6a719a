import { caseExists } from "@/app/_server/services/cases";
import { listCaseClocks } from "@/app/_server/services/sla";
import { json, notFound, route } from "../../../_lib/handler";

export const dynamic = "force-dynamic";

/** The case's SLA clocks with their elapsed SLA time as of now. */
export const GET = route<{ id: string }>({ permission: "cases.read" }, ({ ctx, params }) => {
  if (!caseExists(ctx.db, params.id)) throw notFound("case", params.id);
  return json({ items: listCaseClocks(ctx.db, params.id) });
});
