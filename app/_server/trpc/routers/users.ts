import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { InvitationCreated, InvitationInfo, Role, UserInfo } from "@/schemas/users";
import { changeRole, inviteUser, listInvitations, listUsers, setDisabled } from "../../auth/users";
import { authorizedProcedure, createTRPCRouter } from "../init";

export const usersRouter = createTRPCRouter({
  list: authorizedProcedure("users.manage").input(z.void()).output(z.array(UserInfo)).query(({ ctx }) => listUsers(ctx)),

  invitations: authorizedProcedure("users.manage").input(z.void()).output(z.array(InvitationInfo)).query(({ ctx }) => listInvitations(ctx)),

  /** Returns the invitation link's token once; only its hash is kept. */
  invite: authorizedProcedure("users.manage")
    .input(z.object({ email: z.string().max(300), role: z.string().max(40) }))
    .output(InvitationCreated)
    .mutation(({ ctx, input }) => inviteUser(ctx, input, ctx.actorLabel)),

  setRole: authorizedProcedure("users.manage")
    .input(z.object({ userId: z.string().min(1).max(100), role: Role }))
    .output(UserInfo)
    .mutation(({ ctx, input }) => changeRole(ctx, input, ctx.actorLabel)),

  setDisabled: authorizedProcedure("users.manage")
    .input(z.object({ userId: z.string().min(1).max(100), disabled: z.boolean() }))
    .output(UserInfo)
    .mutation(({ ctx, input }) => {
      if (input.disabled && ctx.actor.kind === "user" && ctx.actor.user.id === input.userId)
        throw new TRPCError({ code: "BAD_REQUEST", message: "you cannot disable your own account; ask another admin" });
      return setDisabled(ctx, input, ctx.actorLabel);
    }),
});
