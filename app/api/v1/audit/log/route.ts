import { listAuditLog } from "@/app/_server/services/audit";
import { json, route } from "../../_lib/handler";

export const dynamic = "force-dynamic";

/** ?entity=&action=&actor=&entityId=&from=&to=&cursor=&limit= → configuration changes, newest first (see AuditQuery in the OpenAPI document). */
export const GET = route({ permission: "audit.read" }, ({ ctx, query }) => json(listAuditLog(ctx, Object.fromEntries(query.entries()))));
