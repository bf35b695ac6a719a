import { z } from "zod";
import { CrisisChecklistItem, CrisisChecklistRequest, CrisisDashboard, CrisisIncident, CrisisIncidentDetail, CrisisIncidentsQuery, CrisisResolveRequest } from "@/schemas/crisis";
import { crisisDashboard, getIncident, listIncidents, resolveIncident, setChecklistItem } from "../../services/crisis";
import { authorizedProcedure, createTRPCRouter } from "../init";

const Id = z.object({ id: z.string().min(1).max(100) });

export const crisisRouter = createTRPCRouter({
  /** Active incidents (with checklist and volume), recent ones, SLA breaches and timed escalations: the dashboard polls this. */
  dashboard: authorizedProcedure("crisis.read").output(CrisisDashboard).query(({ ctx }) => crisisDashboard(ctx)),

  list: authorizedProcedure("crisis.read").input(CrisisIncidentsQuery.partial().default({})).output(z.array(CrisisIncident)).query(({ ctx, input }) => listIncidents(ctx, input)),

  get: authorizedProcedure("crisis.read").input(Id).output(CrisisIncidentDetail).query(({ ctx, input }) => getIncident(ctx, input.id)),

  resolve: authorizedProcedure("crisis.manage")
    .input(Id.extend(CrisisResolveRequest.shape))
    .output(CrisisIncidentDetail)
    .mutation(({ ctx, input }) => resolveIncident(ctx, { id: input.id, body: { note: input.note }, actor: ctx.actorLabel })),

  setChecklistItem: authorizedProcedure("crisis.manage")
    .input(Id.extend({ itemId: z.string().min(1).max(100), ...CrisisChecklistRequest.shape }))
    .output(CrisisChecklistItem)
    .mutation(({ ctx, input }) => {
      const { id, itemId, ...body } = input;
      return setChecklistItem(ctx, { id, itemId, body, actor: ctx.actorLabel });
    }),
});
