// Who is calling, from a request's headers: a Bearer API key or a session cookie. Shared by tRPC and /api/v1.
import { timingSafeEqual } from "node:crypto";
import type { ServiceContext } from "../db/client";
import type { FieldIssue } from "../errors";
import { authenticateApiKey } from "../services/api-keys";
import type { Actor } from "./permissions";
import { authenticateSession, CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE, type Session } from "./sessions";

export function parseCookies(header: string | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(";")) {
    const i = part.indexOf("=");
    if (i < 0) continue;
    const name = part.slice(0, i).trim();
    if (!name || name in out) continue;
    try {
      out[name] = decodeURIComponent(part.slice(i + 1).trim());
    } catch {
      out[name] = part.slice(i + 1).trim();
    }
  }
  return out;
}

function sameString(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export interface Credentials {
  actor: Actor;
  /** set when the caller sent an Authorization header we could not accept */
  authError?: { message: string; issue: FieldIssue };
  session?: Session;
  /** the raw session token, for logout */
  sessionToken?: string;
  /**
   * For cookie sessions: whether the x-csrf-token header equals the pauta_csrf cookie and the
   * session's own token (double submit, bound to the session). Always true for API keys.
   */
  csrf: { ok: true } | { ok: false; message: string };
}

export function resolveCredentials(ctx: ServiceContext, headers: Headers): Credentials {
  const authorization = headers.get("authorization");
  if (authorization) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!m?.[1])
      return { actor: null, csrf: { ok: true }, authError: { message: "malformed Authorization header", issue: { path: "headers.authorization", message: "use the form: Bearer <api key>" } } };
    const p = authenticateApiKey(ctx, m[1]);
    if (!p) return { actor: null, csrf: { ok: true }, authError: { message: "unknown or revoked API key", issue: { path: "headers.authorization", message: "the API key is not valid" } } };
    return { actor: { kind: "api_key", keyId: p.keyId, prefix: p.prefix, scopes: p.scopes }, csrf: { ok: true } };
  }
  const cookies = parseCookies(headers.get("cookie"));
  const token = cookies[SESSION_COOKIE];
  if (!token) return { actor: null, csrf: { ok: true } };
  const session = authenticateSession(ctx, token);
  if (!session) return { actor: null, csrf: { ok: true } };
  const header = headers.get(CSRF_HEADER);
  const cookie = cookies[CSRF_COOKIE];
  let csrf: Credentials["csrf"] = { ok: true };
  if (!header) csrf = { ok: false, message: `missing ${CSRF_HEADER} header: send the value of the ${CSRF_COOKIE} cookie` };
  else if (!cookie || !sameString(header, cookie) || !sameString(header, session.csrfToken))
    csrf = { ok: false, message: `the ${CSRF_HEADER} header does not match this session; reload the page and try again` };
  return { actor: { kind: "user", user: session.user }, session, sessionToken: token, csrf };
}

/** Set-Cookie values for a new session. `secure` when the request came over https. */
export function sessionCookies(s: { token: string; csrfToken: string; expiresAt: string }, secure: boolean): string[] {
  const common = `Path=/; SameSite=Lax${secure ? "; Secure" : ""}`;
  // The session cookie lives as long as the server-side session's first expiry; the server slides it.
  return [`${SESSION_COOKIE}=${s.token}; ${common}; HttpOnly`, `${CSRF_COOKIE}=${s.csrfToken}; ${common}`];
}

export function clearedSessionCookies(secure: boolean): string[] {
  const common = `Path=/; SameSite=Lax; Max-Age=0${secure ? "; Secure" : ""}`;
  return [`${SESSION_COOKIE}=; ${common}; HttpOnly`, `${CSRF_COOKIE}=; ${common}`];
}

export function isHttps(req: Request): boolean {
  return new URL(req.url).protocol === "https:" || req.headers.get("x-forwarded-proto") === "https";
}

/**
 * The client address for throttling. `next start` fills x-forwarded-for from the socket unless the
 * client sent one, so behind no proxy a client can pick its own: the per-email limit is the one that
 * cannot be dodged; the per-address limit only slows a spray across many emails.
 */
export function clientIp(headers: Headers): string {
  return headers.get("x-forwarded-for")?.split(",")[0]?.trim() || headers.get("x-real-ip") || "direct";
}
