import { cancelSchedule } from "@/app/_server/services/publishing";
import { json, route } from "../../../../_lib/handler";

export const dynamic = "force-dynamic";

/** Cancel a schedule: before it starts nothing goes live; during its window the end is cancelled and the version stays. */
export const DELETE = route<{ id: string; scheduleId: string }>({ permission: "playbooks.publish" }, ({ ctx, params, actor }) =>
  json(cancelSchedule(ctx, { playbookId: params.id, scheduleId: params.scheduleId, actor })),
);
