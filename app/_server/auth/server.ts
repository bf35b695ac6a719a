// Server components and pages: who is signed in, and the redirects that follow from it.
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "../db/client";
import { can, permissionsOf, type Permission, type SessionUser } from "./permissions";
import { resolveCredentials } from "./request";

export interface PageSession {
  user: SessionUser;
  permissions: Permission[];
}

/** The signed-in user for this request (checked against the database once per request), or null. */
export const getPageSession = cache(async (): Promise<PageSession | null> => {
  const h = await headers();
  // Pages trust only the cookie: a Bearer header sent to a page is ignored here.
  const clean = new Headers({ cookie: h.get("cookie") ?? "" });
  const c = resolveCredentials({ db: getDb() }, clean);
  if (c.actor?.kind !== "user") return null;
  return { user: c.actor.user, permissions: permissionsOf(c.actor) };
});

/** Where this request was going, as the proxy recorded it; used for /login?next=. */
export async function currentPath(): Promise<string> {
  return (await headers()).get("x-pauta-path") ?? "/";
}

export function loginPath(next: string): string {
  return next && next !== "/" ? `/login?next=${encodeURIComponent(next)}` : "/login";
}

/** For pages: the session, or a redirect to sign in and come back. */
export async function requireSession(): Promise<PageSession> {
  const s = await getPageSession();
  if (!s) redirect(loginPath(await currentPath()));
  return s;
}

/** For pages a role may not open: the session when it holds the permission, else null (render a "not allowed" message). */
export async function sessionWith(permission: Permission): Promise<PageSession | null> {
  const s = await requireSession();
  return can({ kind: "user", user: s.user }, permission) ? s : null;
}

/** Only relative paths inside the app are followed after sign-in (no open redirects). */
export function safeNext(next: string | string[] | undefined): string {
  const n = Array.isArray(next) ? next[0] : next;
  if (!n || !n.startsWith("/") || n.startsWith("//") || n.startsWith("/\\")) return "/";
  return n;
}
