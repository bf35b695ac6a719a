import { z } from "zod";
import { HistoryPage } from "@/schemas/history";
import { auditFacets } from "../../services/audit";
import { getAuditHistory } from "../../services/history";
import { authorizedProcedure, createTRPCRouter } from "../init";

// Filters as in GET /api/v1/audit/log (AuditQuery validates them and answers field-level issues).
const HistoryInput = z
  .object({
    entityId: z.string().optional(),
    action: z.string().optional(),
    entity: z.string().optional(),
    actor: z.string().optional(),
    from: z.string().optional(),
    to: z.string().optional(),
    cursor: z.string().optional(),
    limit: z.number().int().optional(),
  })
  .default({});

export const auditRouter = createTRPCRouter({
  /** Configuration changes, newest first, each with its before/after diff and (for publishes) the decisions made under it. */
  history: authorizedProcedure("audit.read")
    .input(HistoryInput)
    .output(HistoryPage)
    .query(({ ctx, input }) => getAuditHistory(ctx, input)),

  /** The actors, entity kinds and actions present in the log, for filter menus. */
  facets: authorizedProcedure("audit.read")
    .input(z.void())
    .output(z.object({ actors: z.array(z.string()), entities: z.array(z.string()), actions: z.array(z.string()) }))
    .query(({ ctx }) => auditFacets(ctx)),
});
