import { getWorkspaceSettings, updateWorkspaceSettings } from "@/app/_server/services/workspace";
import { json, readJson, route } from "../_lib/handler";

export const dynamic = "force-dynamic";

export const GET = route({ permission: "playbooks.read" }, ({ ctx }) => json(getWorkspaceSettings(ctx.db)));

/** Change workspace settings ({ requireApproval }); written to the audit log with before / after. */
export const PUT = route({ permission: "settings.manage" }, async ({ req, ctx, actor }) => json(updateWorkspaceSettings(ctx, { update: await readJson(req), actor })));
