import { NotificationQuery } from "@/schemas/notifications";
import { listNotifications } from "@/app/_server/services/notifications";
import { ValidationError, zodIssues } from "@/app/_server/errors";
import { json, route } from "../_lib/handler";

export const dynamic = "force-dynamic";

/** The in-app notifications, newest first, with the unread count; ?unread=true for the unread ones only. */
export const GET = route({ permission: "notifications.read" }, ({ ctx, query }) => {
  const q = NotificationQuery.safeParse(Object.fromEntries(query));
  if (!q.success) throw new ValidationError("invalid query", zodIssues(q.error));
  return json(listNotifications(ctx, q.data));
});
