import { markNotificationRead } from "@/app/_server/services/notifications";
import { json, route } from "../../../_lib/handler";

export const dynamic = "force-dynamic";

export const POST = route<{ id: string }>({ permission: "notifications.read" }, ({ ctx, params, actor }) => json(markNotificationRead(ctx, params.id, actor)));
