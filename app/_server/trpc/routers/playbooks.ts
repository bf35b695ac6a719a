import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { PlaybookSummary, Slug } from "@/schemas";
import { PlaybookDetail } from "@/schemas/resources";
import { getPlaybook, listPlaybooks } from "../../services/playbooks";
import { createTRPCRouter, publicProcedure } from "../init";

export const playbooksRouter = createTRPCRouter({
  list: publicProcedure.input(z.void()).output(z.array(PlaybookSummary)).query(({ ctx }) => listPlaybooks(ctx)),

  get: publicProcedure
    .input(z.object({ id: Slug }))
    .output(PlaybookDetail)
    .query(({ ctx, input }) => {
      const found = getPlaybook(ctx, input.id);
      if (!found) throw new TRPCError({ code: "NOT_FOUND", message: `playbook '${input.id}' not found` });
      return found;
    }),
});
