import { LoginRequest, type SessionInfo } from "@/schemas/users";
import { permissionsOf } from "@/app/_server/auth/permissions";
import { clearedSessionCookies, clientIp, isHttps, sessionCookies } from "@/app/_server/auth/request";
import { deleteSession, signIn } from "@/app/_server/auth/sessions";
import { ValidationError, zodIssues } from "@/app/_server/errors";
import { HttpError, json, readJson, route } from "../_lib/handler";

export const dynamic = "force-dynamic";

function withCookies(res: Response, cookies: string[]): Response {
  for (const c of cookies) res.headers.append("set-cookie", c);
  return res;
}

/** The signed-in user, their CSRF token and what they may do; 401 when signed out. */
export const GET = route({ permission: null }, ({ credentials }) => {
  const s = credentials.session;
  if (!s) throw new HttpError(401, "unauthorized", "not signed in", [{ path: "session", message: "sign in at /login" }]);
  const body: SessionInfo = { user: s.user, csrfToken: s.csrfToken, expiresAt: s.expiresAt, permissions: permissionsOf(credentials.actor) };
  return json(body);
});

/** Sign in with { email, password }: sets the session and CSRF cookies. 429 after repeated failures. */
export const POST = route({ permission: null }, async ({ req, ctx }) => {
  // A JSON body cannot be sent cross-site without a CORS preflight, which we never grant: login CSRF is closed.
  if (!(req.headers.get("content-type") ?? "").toLowerCase().startsWith("application/json"))
    throw new HttpError(415, "unsupported_media_type", "send the credentials as JSON", [{ path: "headers.content-type", message: "use application/json" }]);
  const parsed = LoginRequest.safeParse(await readJson(req));
  if (!parsed.success) throw new ValidationError("invalid sign-in request", zodIssues(parsed.error));
  const s = await signIn(ctx, { ...parsed.data, ip: clientIp(req.headers) });
  const body: SessionInfo = { user: s.user, csrfToken: s.csrfToken, expiresAt: s.expiresAt, permissions: permissionsOf({ kind: "user", user: s.user }) };
  return withCookies(json(body), sessionCookies(s, isHttps(req)));
});

/** Sign out: deletes the session. Needs the CSRF header like any other cookie mutation. */
export const DELETE = route({ permission: null }, ({ req, ctx, credentials }) => {
  if (credentials.sessionToken) {
    if (!credentials.csrf.ok) throw new HttpError(403, "csrf", credentials.csrf.message, [{ path: "headers.x-csrf-token", message: credentials.csrf.message }]);
    deleteSession(ctx, credentials.sessionToken);
  }
  return withCookies(json({ signedOut: true }), clearedSessionCookies(isHttps(req)));
});
