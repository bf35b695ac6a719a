import { getCase } from "@/app/_server/services/cases";
import { json, notFound, route } from "../../_lib/handler";

export const dynamic = "force-dynamic";

export const GET = route<{ id: string }>({ permission: "cases.read" }, ({ ctx, params }) => {
  const found = getCase(ctx, params.id);
  if (!found) throw notFound("case", params.id);
  return json(found);
});
