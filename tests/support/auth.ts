// Signing in from tests, through the app's own API: the first admin signs in with the test
// server's PAUTA_ADMIN_EMAIL/PASSWORD; other roles are invited by that admin and accept the invitation.
import type { Role } from "@/schemas/users";
import { TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD } from "./server";

export { TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD };
/** Every user the helpers create gets this password. */
export const TEST_PASSWORD = "correct-horse-battery-staple";

export interface TestSession {
  email: string;
  role: Role;
  /** the session token (cookie pauta_session) */
  token: string;
  /** the CSRF token (cookie pauta_csrf, header x-csrf-token) */
  csrf: string;
  /** a ready Cookie header */
  cookie: string;
}

function cookieValue(res: Response, name: string): string {
  for (const c of res.headers.getSetCookie()) {
    const m = new RegExp(`^${name}=([^;]*)`).exec(c);
    if (m?.[1]) return m[1];
  }
  throw new Error(`no ${name} cookie in the response (status ${res.status})`);
}

function toSession(res: Response, email: string, role: Role): TestSession {
  const token = cookieValue(res, "pauta_session");
  const csrf = cookieValue(res, "pauta_csrf");
  return { email, role, token, csrf, cookie: `pauta_session=${token}; pauta_csrf=${csrf}` };
}

/** POST /api/v1/session. Throws with the server's message unless it signs in. */
export async function login(baseUrl: string, email: string, password: string): Promise<TestSession> {
  const res = await fetch(`${baseUrl}/api/v1/session`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password }) });
  if (res.status !== 200) throw new Error(`sign-in as ${email} failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { user: { role: Role } };
  return toSession(res, email, body.user.role);
}

/** Headers for a call as this session (cookie and CSRF header). */
export function sessionHeaders(s: TestSession): Record<string, string> {
  return { cookie: s.cookie, "x-csrf-token": s.csrf };
}

/** A tRPC call over HTTP (no transformer): queries by GET, mutations by POST. Returns status and parsed body. */
export async function trpcCall(
  baseUrl: string,
  kind: "query" | "mutation",
  path: string,
  input: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any }> {
  const url = `${baseUrl}/api/trpc/${path}`;
  const res =
    kind === "query"
      ? await fetch(input === undefined ? url : `${url}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers })
      : await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: input === undefined ? undefined : JSON.stringify(input) });
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* keep the text */
  }
  return { status: res.status, body };
}

/** Invite `email` as `role` (as the given admin session) and accept it; returns the new user's session. */
export async function createUser(baseUrl: string, admin: TestSession, email: string, role: Role, opts: { name?: string; password?: string } = {}): Promise<TestSession> {
  const inv = await trpcCall(baseUrl, "mutation", "users.invite", { email, role }, sessionHeaders(admin));
  if (inv.status !== 200) throw new Error(`inviting ${email} failed: ${inv.status} ${JSON.stringify(inv.body)}`);
  const token = inv.body.result.data.token as string;
  const res = await fetch(`${baseUrl}/api/v1/invitations/accept`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ token, name: opts.name ?? `Test ${role}`, password: opts.password ?? TEST_PASSWORD }),
  });
  if (res.status !== 201) throw new Error(`accepting the invitation for ${email} failed: ${res.status} ${await res.text()}`);
  return toSession(res, email, role);
}

/**
 * A signed-in session for a role on a test server: the first admin, or `<role>@pauta.test` (created
 * on first use, signed in again afterwards). Each call returns a fresh session.
 */
export async function loginAs(baseUrl: string, role: Role): Promise<TestSession> {
  if (role === "admin") return login(baseUrl, TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
  const email = `${role}@pauta.test`;
  const first = await fetch(`${baseUrl}/api/v1/session`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password: TEST_PASSWORD }) });
  if (first.status === 200) return toSession(first, email, role);
  const admin = await login(baseUrl, TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
  return createUser(baseUrl, admin, email, role);
}
