import { replayDecision } from "@/app/_server/services/replay";
import { json, route } from "../../../_lib/handler";

export const dynamic = "force-dynamic";

/** Re-run the decision's recorded facts against the playbook versions it recorded; nothing is written. */
export const POST = route<{ id: string }>({ permission: "audit.replay" }, ({ ctx, params }) => json(replayDecision(ctx, params.id)));
