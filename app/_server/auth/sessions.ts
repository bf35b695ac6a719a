// Sessions, sign-in and its throttling. The cookie holds a random token; the database keeps its SHA-256.
import { randomBytes, randomUUID } from "node:crypto";
import { and, eq, gt, lt, sql } from "drizzle-orm";
import type { ServiceContext } from "../db/client";
import type { Exec } from "../db/tx";
import { loginAttempts, sessions, users } from "../db/schema";
import { ServiceError } from "../errors";
import { sha256 } from "../services/hash";
import { dummyHash, verifyPassword } from "./passwords";
import type { SessionUser } from "./permissions";

export const SESSION_COOKIE = "pauta_session";
export const CSRF_COOKIE = "pauta_csrf";
export const CSRF_HEADER = "x-csrf-token";
/** Sliding: each use (at most once a minute) pushes the expiry 12 h past now. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
const TOUCH_EVERY_MS = 60 * 1000;

export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
/** Failures per email in the window; per address it is higher, since offices share one. */
export const MAX_FAILURES_PER_EMAIL = 5;
export const MAX_FAILURES_PER_IP = 30;

export interface Session {
  id: string;
  user: SessionUser;
  csrfToken: string;
  expiresAt: string;
}

export class ThrottledError extends ServiceError {
  constructor(readonly retryAfterSeconds: number) {
    const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
    super("rate_limited", `too many failed sign-ins; try again in ${minutes} minute${minutes === 1 ? "" : "s"}`, [
      { path: "email", message: `sign-in is paused for ${minutes} minute${minutes === 1 ? "" : "s"} after ${MAX_FAILURES_PER_EMAIL} failed attempts` },
    ]);
  }
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Seconds until sign-in is allowed again for this email/address, or 0. */
export function throttledFor(ctx: ServiceContext, email: string, ip: string, now = Date.now()): number {
  const since = new Date(now - THROTTLE_WINDOW_MS).toISOString();
  const count = (col: typeof loginAttempts.email | typeof loginAttempts.ip, value: string) =>
    ctx.db
      .select({ n: sql<number>`count(*)`, oldest: sql<string | null>`min(${loginAttempts.at})` })
      .from(loginAttempts)
      .where(and(eq(col, value), gt(loginAttempts.at, since)))
      .get() ?? { n: 0, oldest: null };
  let wait = 0;
  for (const [c, limit] of [
    [count(loginAttempts.email, email), MAX_FAILURES_PER_EMAIL],
    [count(loginAttempts.ip, ip), MAX_FAILURES_PER_IP],
  ] as const) {
    if (c.n >= limit && c.oldest) wait = Math.max(wait, Math.ceil((Date.parse(c.oldest) + THROTTLE_WINDOW_MS - now) / 1000));
  }
  return Math.max(0, wait);
}

export function createSession(ctx: ServiceContext, userId: string, now = new Date()): { token: string; csrfToken: string; expiresAt: string } {
  const token = randomBytes(32).toString("base64url");
  const csrfToken = randomBytes(24).toString("base64url");
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS).toISOString();
  ctx.db
    .insert(sessions)
    .values({ id: randomUUID(), tokenHash: sha256(token), userId, createdAt: now.toISOString(), expiresAt, lastSeenAt: now.toISOString(), csrfToken })
    .run();
  return { token, csrfToken, expiresAt };
}

/**
 * Check an email and password. Failures are recorded for throttling and answered with one message
 * whatever went wrong, so the answer does not reveal which emails have accounts.
 */
export async function signIn(ctx: ServiceContext, input: { email: string; password: string; ip: string }): Promise<{ user: SessionUser; token: string; csrfToken: string; expiresAt: string }> {
  const email = normalizeEmail(input.email);
  const wait = throttledFor(ctx, email, input.ip);
  if (wait > 0) throw new ThrottledError(wait);
  const row = ctx.db.select().from(users).where(eq(users.email, email)).get();
  const ok = await verifyPassword(input.password, row?.passwordHash ?? (await dummyHash()));
  if (!row || !ok || row.disabledAt) {
    ctx.db.insert(loginAttempts).values({ email, ip: input.ip, at: new Date().toISOString() }).run();
    // Old failures are useless once outside every window; trimming here keeps the table small.
    ctx.db.delete(loginAttempts).where(lt(loginAttempts.at, new Date(Date.now() - 2 * THROTTLE_WINDOW_MS).toISOString())).run();
    throw new ServiceError("unauthorized", "wrong email or password, or the account is disabled", [{ path: "password", message: "check the email and password" }]);
  }
  // Sessions that expired unused are never presented again; sign-ins are rare enough to sweep them here.
  ctx.db.delete(sessions).where(lt(sessions.expiresAt, new Date().toISOString())).run();
  const s = createSession(ctx, row.id);
  return { user: { id: row.id, email: row.email, name: row.name, role: row.role }, ...s };
}

/** The session behind a cookie token, sliding its expiry; null when unknown, expired, or the user is disabled. */
export function authenticateSession(ctx: ServiceContext, token: string, now = new Date()): Session | null {
  const row = ctx.db
    .select({ s: sessions, u: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.tokenHash, sha256(token)))
    .get();
  if (!row) return null;
  if (row.u.disabledAt || Date.parse(row.s.expiresAt) <= now.getTime()) {
    ctx.db.delete(sessions).where(eq(sessions.id, row.s.id)).run();
    return null;
  }
  let expiresAt = row.s.expiresAt;
  if (now.getTime() - Date.parse(row.s.lastSeenAt) >= TOUCH_EVERY_MS) {
    expiresAt = new Date(now.getTime() + SESSION_TTL_MS).toISOString();
    ctx.db.update(sessions).set({ lastSeenAt: now.toISOString(), expiresAt }).where(eq(sessions.id, row.s.id)).run();
  }
  return { id: row.s.id, user: { id: row.u.id, email: row.u.email, name: row.u.name, role: row.u.role }, csrfToken: row.s.csrfToken, expiresAt };
}

export function deleteSession(ctx: ServiceContext, token: string): void {
  ctx.db.delete(sessions).where(eq(sessions.tokenHash, sha256(token))).run();
}

/** Sign a user out everywhere (disabled, or role changed). */
export function deleteUserSessions(tx: Exec, userId: string): void {
  tx.delete(sessions).where(eq(sessions.userId, userId)).run();
}
