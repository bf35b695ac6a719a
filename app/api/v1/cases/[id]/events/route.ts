import { addCaseEvent, listCaseEvents } from "@/app/_server/services/case-events";
import { json, notFound, readJson, route } from "../../../_lib/handler";

export const dynamic = "force-dynamic";

/** Record an event (agent replied, resolved, survey answered...): 201, or 200 with duplicate: true for a retried eventId. */
export const POST = route<{ id: string }>({ permission: "events.create" }, async ({ req, ctx, params }) => {
  const receipt = addCaseEvent(ctx, params.id, await readJson(req));
  return json(receipt, receipt.duplicate ? 200 : 201);
});

export const GET = route<{ id: string }>({ permission: "cases.read" }, ({ ctx, params }) => {
  const items = listCaseEvents(ctx, params.id);
  if (!items) throw notFound("case", params.id);
  return json({ items });
});
