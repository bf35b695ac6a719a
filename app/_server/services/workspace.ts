// Workspace settings: stored as `workspace.*` rows of the settings table, changed with an audit row.
import { WorkspaceSettingsUpdate, type WorkspaceSettings } from "@/schemas/lifecycle";
import type { ServiceContext } from "../db/client";
import type { Exec } from "../db/tx";
import { ValidationError, zodIssues } from "../errors";
import { emitAudit } from "./audit";
import { readSetting, writeSetting } from "./settings";

const REQUIRE_APPROVAL = "workspace.require_approval";

export function getWorkspaceSettings(db: Exec): WorkspaceSettings {
  return { requireApproval: readSetting(db, REQUIRE_APPROVAL) === "true" };
}

export function updateWorkspaceSettings(ctx: ServiceContext, input: { update: unknown; actor: string }): WorkspaceSettings {
  const parsed = WorkspaceSettingsUpdate.safeParse(input.update);
  if (!parsed.success) throw new ValidationError("invalid settings", zodIssues(parsed.error));
  return ctx.db.transaction(
    (tx) => {
      const before = getWorkspaceSettings(tx);
      const after = { ...before, ...parsed.data };
      if (after.requireApproval !== before.requireApproval) {
        writeSetting(tx, REQUIRE_APPROVAL, String(after.requireApproval));
        emitAudit(tx, { actor: input.actor, action: "settings.changed", entityId: "workspace", before, after });
      }
      return after;
    },
    { behavior: "immediate" },
  );
}
