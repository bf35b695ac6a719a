import { listSchedules } from "@/app/_server/services/publishing";
import { playbookRowOrThrow } from "@/app/_server/services/version-rows";
import { json, route } from "../../../_lib/handler";

export const dynamic = "force-dynamic";

/** Every scheduled publish of the playbook, newest start first. */
export const GET = route<{ id: string }>({ permission: "playbooks.read" }, ({ ctx, params }) => {
  playbookRowOrThrow(ctx.db, params.id);
  return json({ items: listSchedules(ctx.db, params.id) });
});
