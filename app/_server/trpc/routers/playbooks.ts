import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { PlaybookSummary, Slug } from "@/schemas";
import { PlaybookDetail } from "@/schemas/resources";
import { PlaybookVersionDetail } from "@/schemas/history";
import { getPlaybookVersion } from "../../services/history";
import { getPlaybook, listPlaybooks } from "../../services/playbooks";
import { authorizedProcedure, createTRPCRouter } from "../init";

export const playbooksRouter = createTRPCRouter({
  list: authorizedProcedure("playbooks.read").input(z.void()).output(z.array(PlaybookSummary)).query(({ ctx }) => listPlaybooks(ctx)),

  get: authorizedProcedure("playbooks.read")
    .input(z.object({ id: Slug }))
    .output(PlaybookDetail)
    .query(({ ctx, input }) => {
      const found = getPlaybook(ctx, input.id);
      if (!found) throw new TRPCError({ code: "NOT_FOUND", message: `playbook '${input.id}' not found` });
      return found;
    }),

  /** One exact version: what a decision that recorded it ran against. */
  version: authorizedProcedure("playbooks.read")
    .input(z.object({ id: Slug, version: z.number().int().min(1) }))
    .output(PlaybookVersionDetail)
    .query(({ ctx, input }) => {
      const found = getPlaybookVersion(ctx, input.id, input.version);
      if (!found) throw new TRPCError({ code: "NOT_FOUND", message: `playbook '${input.id}' has no version ${input.version}` });
      return found;
    }),
});
