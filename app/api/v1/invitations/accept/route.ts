import type { SessionInfo } from "@/schemas/users";
import { permissionsOf } from "@/app/_server/auth/permissions";
import { isHttps, sessionCookies } from "@/app/_server/auth/request";
import { createSession } from "@/app/_server/auth/sessions";
import { acceptInvitation } from "@/app/_server/auth/users";
import { json, readJson, route } from "../../_lib/handler";

export const dynamic = "force-dynamic";

/** The invitee's { token, name, password }: creates the account and signs them in. The token is the credential. */
export const POST = route({ permission: null }, async ({ req, ctx }) => {
  const user = await acceptInvitation(ctx, await readJson(req));
  const s = createSession(ctx, user.id);
  const sessionUser = { id: user.id, email: user.email, name: user.name, role: user.role };
  const body: SessionInfo = { user: sessionUser, csrfToken: s.csrfToken, expiresAt: s.expiresAt, permissions: permissionsOf({ kind: "user", user: sessionUser }) };
  const res = json(body, 201);
  for (const c of sessionCookies(s, isHttps(req))) res.headers.append("set-cookie", c);
  return res;
});
