import { ingestCase } from "@/app/_server/services/cases";
import { json, readJson, route } from "../_lib/handler";

export const dynamic = "force-dynamic";

/** Post a case: 201 with its decision; a retry with the same externalId → 200 with the first answer. */
export const POST = route({ permission: "cases.create" }, async ({ req, ctx }) => {
  const body = await readJson(req);
  const created = await ingestCase(ctx, body);
  return json(created, created.duplicate ? 200 : 201, created.duplicate ? {} : { location: `/api/v1/cases/${created.caseId}` });
});
