import { markAllNotificationsRead } from "@/app/_server/services/notifications";
import { json, route } from "../../_lib/handler";

export const dynamic = "force-dynamic";

export const POST = route({ permission: "notifications.read" }, ({ ctx, actor }) => json(markAllNotificationsRead(ctx, actor)));
