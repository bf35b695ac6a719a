import { z } from "zod";
import { WorkspaceSettings, WorkspaceSettingsUpdate } from "@/schemas/lifecycle";
import { getWorkspaceSettings, updateWorkspaceSettings } from "../../services/workspace";
import { authorizedProcedure, createTRPCRouter } from "../init";

export const settingsRouter = createTRPCRouter({
  get: authorizedProcedure("playbooks.read").input(z.void()).output(WorkspaceSettings).query(({ ctx }) => getWorkspaceSettings(ctx.db)),

  update: authorizedProcedure("settings.manage")
    .input(WorkspaceSettingsUpdate)
    .output(WorkspaceSettings)
    .mutation(({ ctx, input }) => updateWorkspaceSettings(ctx, { update: input, actor: ctx.actorLabel })),
});
