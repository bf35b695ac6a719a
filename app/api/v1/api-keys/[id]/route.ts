import { revokeApiKey } from "@/app/_server/services/api-keys";
import { json, route } from "../../_lib/handler";

export const dynamic = "force-dynamic";

/** Revoke a key (kept for the audit trail; it stops authenticating at once). */
export const DELETE = route<{ id: string }>({ permission: "keys.manage" }, ({ ctx, params, actor }) => json(revokeApiKey(ctx, params.id, actor)));
