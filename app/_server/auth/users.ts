// Accounts: the first admin, invitations, roles, disabling. Every change is audited in its own transaction.
import { randomBytes, randomUUID } from "node:crypto";
import { and, asc, desc, eq, isNull, sql } from "drizzle-orm";
import { AcceptInvitationRequest, InviteRequest, Role, type InvitationCreated, type InvitationInfo, type UserInfo } from "@/schemas/users";
import type { ServiceContext } from "../db/client";
import { invitations, users } from "../db/schema";
import { NotFoundError, ServiceError, ValidationError, zodIssues } from "../errors";
import { emitAudit } from "../services/audit";
import { sha256 } from "../services/hash";
import { generatePassword, hashPassword } from "./passwords";
import { deleteUserSessions, normalizeEmail } from "./sessions";

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

function toInfo(row: typeof users.$inferSelect): UserInfo {
  return { id: row.id, email: row.email, name: row.name, role: row.role, createdAt: row.createdAt, disabledAt: row.disabledAt, invitedBy: row.invitedBy };
}

function toInvitation(row: typeof invitations.$inferSelect): InvitationInfo {
  return { id: row.id, email: row.email, role: row.role, createdAt: row.createdAt, expiresAt: row.expiresAt, acceptedAt: row.acceptedAt, invitedBy: row.invitedBy };
}

/** What the audit log keeps of a user: never the hash. */
function auditView(u: UserInfo) {
  return { email: u.email, name: u.name, role: u.role, disabledAt: u.disabledAt };
}

export type FirstAdmin = { created: false } | { created: true; email: string; password: string | null };

/**
 * Create the first admin unless any user exists: from PAUTA_ADMIN_EMAIL/PASSWORD, or with a random
 * password returned once for the start-up banner. The password is hashed before the immediate
 * transaction, so two starting processes create one admin and the loser's password is discarded.
 */
export async function ensureFirstAdmin(ctx: ServiceContext, opts: { email?: string; password?: string }): Promise<FirstAdmin> {
  if (ctx.db.select({ id: users.id }).from(users).limit(1).get()) return { created: false };
  const email = normalizeEmail(opts.email ?? "admin@pauta.local");
  const password = opts.password ?? generatePassword();
  const passwordHash = await hashPassword(password);
  return ctx.db.transaction(
    (tx): FirstAdmin => {
      if (tx.select({ id: users.id }).from(users).limit(1).get()) return { created: false };
      const at = new Date().toISOString();
      const row = { id: randomUUID(), email, name: "Admin", role: "admin" as const, passwordHash, createdAt: at, disabledAt: null, invitedBy: "system:startup" };
      tx.insert(users).values(row).run();
      emitAudit(tx, { actor: "system:startup", action: "user.created", entityId: row.id, at, after: auditView(toInfo(row)) });
      return { created: true, email, password: opts.password ? null : password };
    },
    { behavior: "immediate" },
  );
}

export function listUsers(ctx: ServiceContext): UserInfo[] {
  return ctx.db.select().from(users).orderBy(asc(users.createdAt), asc(users.email)).all().map(toInfo);
}

export function listInvitations(ctx: ServiceContext): InvitationInfo[] {
  return ctx.db.select().from(invitations).orderBy(desc(invitations.createdAt)).all().map(toInvitation);
}

export function inviteUser(ctx: ServiceContext, input: unknown, actor: string): InvitationCreated {
  const parsed = InviteRequest.safeParse(input);
  if (!parsed.success) throw new ValidationError("invalid invitation", zodIssues(parsed.error));
  const { email, role } = parsed.data;
  const token = randomBytes(24).toString("base64url");
  return ctx.db.transaction(
    (tx) => {
      if (tx.select({ id: users.id }).from(users).where(eq(users.email, email)).get())
        throw new ServiceError("conflict", `${email} already has an account`, [{ path: "email", message: "this email already has an account; change its role instead" }]);
      const now = new Date();
      const row = {
        id: randomUUID(),
        tokenHash: sha256(token),
        email,
        role,
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + INVITATION_TTL_MS).toISOString(),
        acceptedAt: null,
        invitedBy: actor,
      };
      tx.insert(invitations).values(row).run();
      emitAudit(tx, { actor, action: "user.invited", entityId: row.id, at: row.createdAt, after: { email, role, expiresAt: row.expiresAt } });
      return { ...toInvitation(row), token, path: `/invite/${token}` };
    },
    { behavior: "immediate" },
  );
}

/** The invitation behind a link, if it can still be accepted (for the /invite page). */
export function findOpenInvitation(ctx: ServiceContext, token: string): InvitationInfo | null {
  const row = ctx.db
    .select()
    .from(invitations)
    .where(and(eq(invitations.tokenHash, sha256(token)), isNull(invitations.acceptedAt)))
    .get();
  if (!row || Date.parse(row.expiresAt) <= Date.now()) return null;
  return toInvitation(row);
}

/** The invitee sets a name and password; the account is created with the invited role. */
export async function acceptInvitation(ctx: ServiceContext, input: unknown): Promise<UserInfo> {
  const parsed = AcceptInvitationRequest.safeParse(input);
  if (!parsed.success) throw new ValidationError("invalid request", zodIssues(parsed.error));
  const passwordHash = await hashPassword(parsed.data.password);
  return ctx.db.transaction(
    (tx) => {
      const inv = tx.select().from(invitations).where(eq(invitations.tokenHash, sha256(parsed.data.token))).get();
      const gone = [{ path: "token", message: "ask an admin for a new invitation link" }];
      if (!inv) throw new ServiceError("not_found", "this invitation link is not valid", gone);
      if (inv.acceptedAt) throw new ServiceError("conflict", "this invitation was already used; sign in instead", gone);
      if (Date.parse(inv.expiresAt) <= Date.now()) throw new ServiceError("conflict", "this invitation has expired", gone);
      if (tx.select({ id: users.id }).from(users).where(eq(users.email, inv.email)).get())
        throw new ServiceError("conflict", `${inv.email} already has an account; sign in instead`, gone);
      const at = new Date().toISOString();
      const row = { id: randomUUID(), email: inv.email, name: parsed.data.name, role: inv.role, passwordHash, createdAt: at, disabledAt: null, invitedBy: inv.invitedBy };
      tx.insert(users).values(row).run();
      tx.update(invitations).set({ acceptedAt: at }).where(eq(invitations.id, inv.id)).run();
      emitAudit(tx, { actor: `user:${row.email}`, action: "user.created", entityId: row.id, at, after: { ...auditView(toInfo(row)), invitation: inv.id } });
      return toInfo(row);
    },
    { behavior: "immediate" },
  );
}

function activeAdmins(tx: Parameters<Parameters<ServiceContext["db"]["transaction"]>[0]>[0]): number {
  return tx.select({ n: sql<number>`count(*)` }).from(users).where(and(eq(users.role, "admin"), isNull(users.disabledAt))).get()?.n ?? 0;
}

const LAST_ADMIN = "Pauta needs at least one active admin; make someone else admin first";

export function changeRole(ctx: ServiceContext, input: { userId: string; role: unknown }, actor: string): UserInfo {
  const role = Role.safeParse(input.role);
  if (!role.success) throw new ValidationError("invalid role", zodIssues(role.error, "role"));
  return ctx.db.transaction(
    (tx) => {
      const row = tx.select().from(users).where(eq(users.id, input.userId)).get();
      if (!row) throw new NotFoundError("user", input.userId);
      if (row.role === role.data) return toInfo(row);
      if (row.role === "admin" && !row.disabledAt && activeAdmins(tx) <= 1) throw new ServiceError("conflict", LAST_ADMIN, [{ path: "role", message: LAST_ADMIN }]);
      tx.update(users).set({ role: role.data }).where(eq(users.id, row.id)).run();
      const after = { ...row, role: role.data };
      emitAudit(tx, { actor, action: "user.role_changed", entityId: row.id, before: auditView(toInfo(row)), after: auditView(toInfo(after)) });
      return toInfo(after);
    },
    { behavior: "immediate" },
  );
}

/** Disable (sign out everywhere, refuse sign-in) or enable again. */
export function setDisabled(ctx: ServiceContext, input: { userId: string; disabled: boolean }, actor: string): UserInfo {
  return ctx.db.transaction(
    (tx) => {
      const row = tx.select().from(users).where(eq(users.id, input.userId)).get();
      if (!row) throw new NotFoundError("user", input.userId);
      if (Boolean(row.disabledAt) === input.disabled) return toInfo(row);
      if (input.disabled && row.role === "admin" && activeAdmins(tx) <= 1) throw new ServiceError("conflict", LAST_ADMIN, [{ path: "userId", message: LAST_ADMIN }]);
      const at = new Date().toISOString();
      const disabledAt = input.disabled ? at : null;
      tx.update(users).set({ disabledAt }).where(eq(users.id, row.id)).run();
      if (input.disabled) deleteUserSessions(tx, row.id);
      const after = { ...row, disabledAt };
      emitAudit(tx, { actor, action: input.disabled ? "user.disabled" : "user.enabled", entityId: row.id, at, before: auditView(toInfo(row)), after: auditView(toInfo(after)) });
      return toInfo(after);
    },
    { behavior: "immediate" },
  );
}
