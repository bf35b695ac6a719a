import { listAuditLog } from "@/app/_server/services/audit";
import { json, route } from "../../_lib/handler";

export const dynamic = "force-dynamic";

/** ?entityId=&action=&cursor=&limit= → configuration changes, newest first. */
export const GET = route({ scope: "read" }, ({ ctx, query }) => json(listAuditLog(ctx, Object.fromEntries(query.entries()))));
