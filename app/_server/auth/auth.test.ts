import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestContext } from "@/tests/support/db";
import { listAuditLog } from "../services/audit";
import { hashPassword, verifyPassword } from "./passwords";
import { can, forbiddenMessage, GRANTS, PERMISSIONS, ROLES } from "./permissions";
import { authenticateSession, signIn, ThrottledError, SESSION_TTL_MS } from "./sessions";
import { acceptInvitation, changeRole, ensureFirstAdmin, findOpenInvitation, inviteUser, listUsers, setDisabled } from "./users";

let ctx: ReturnType<typeof createTestContext>;
beforeEach(() => {
  ctx = createTestContext();
});
afterEach(() => ctx.close());

describe("passwords", () => {
  it("hashes with scrypt and a per-password salt, and verifies only the right password", async () => {
    const a = await hashPassword("a long enough password");
    const b = await hashPassword("a long enough password");
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword("a long enough password", a)).toBe(true);
    expect(await verifyPassword("a long enough passwore", a)).toBe(false);
    expect(await verifyPassword("x", "not-a-hash")).toBe(false);
  });
});

describe("permissions", () => {
  it("admin holds everything; the auditor changes nothing; a users/settings permission has no API key scope", () => {
    const user = (role: (typeof ROLES)[number]) => ({ kind: "user" as const, user: { id: "u", email: "e", name: "n", role } });
    for (const p of PERMISSIONS) expect(can(user("admin"), p), p).toBe(true);
    for (const p of ["cases.create", "events.create", "playbooks.import", "playbooks.publish", "users.manage", "keys.manage", "settings.manage"] as const)
      expect(can(user("auditor"), p), p).toBe(false);
    expect(can(user("strategist"), "playbooks.import")).toBe(true);
    expect(can(user("strategist"), "playbooks.publish")).toBe(false);
    expect(can(user("operator"), "playbooks.publish")).toBe(true);
    expect(GRANTS["users.manage"].scopes).toEqual([]);
    expect(can(null, "decisions.read")).toBe(false);
    expect(can({ kind: "api_key", keyId: "k", prefix: "p", scopes: ["ingest"] }, "cases.create")).toBe(true);
    expect(can({ kind: "api_key", keyId: "k", prefix: "p", scopes: ["ingest"] }, "decisions.read")).toBe(false);
  });

  it("the 403 message names the role (for people) or the scope (for keys)", () => {
    expect(forbiddenMessage({ kind: "user", user: { id: "u", email: "e", name: "n", role: "auditor" } }, "playbooks.publish")).toBe(
      "'playbooks.publish' needs the role 'admin' or 'operator' (yours is 'auditor')",
    );
    expect(forbiddenMessage({ kind: "api_key", keyId: "k", prefix: "p", scopes: ["read"] }, "cases.create")).toBe("'cases.create' needs an API key with the 'ingest' scope");
    expect(forbiddenMessage({ kind: "api_key", keyId: "k", prefix: "p", scopes: ["read"] }, "users.manage")).toMatch(/people only.*'admin'/);
  });
});

describe("accounts", () => {
  it("creates the first admin once, from the given credentials", async () => {
    expect(await ensureFirstAdmin(ctx, { email: "Boss@Example.com", password: "boss password 123" })).toEqual({ created: true, email: "boss@example.com", password: null });
    expect(await ensureFirstAdmin(ctx, {})).toEqual({ created: false });
    expect(listUsers(ctx).map((u) => [u.email, u.role])).toEqual([["boss@example.com", "admin"]]);
    const s = await signIn(ctx, { email: "BOSS@example.com ", password: "boss password 123", ip: "1.2.3.4" });
    expect(authenticateSession(ctx, s.token)?.user.email).toBe("boss@example.com");
  });

  it("invites, accepts once, changes the role and disables — each audited with before and after", async () => {
    await ensureFirstAdmin(ctx, { email: "boss@example.com", password: "boss password 123" });
    const inv = inviteUser(ctx, { email: "Eva@Example.com", role: "strategist" }, "user:boss@example.com");
    expect(findOpenInvitation(ctx, inv.token)).toMatchObject({ email: "eva@example.com", role: "strategist" });
    expect(() => inviteUser(ctx, { email: "nope", role: "strategist" }, "x")).toThrow(/invalid invitation/);
    await expect(acceptInvitation(ctx, { token: inv.token, name: "Eva", password: "short" })).rejects.toMatchObject({ issues: [{ path: "password" }] });
    const eva = await acceptInvitation(ctx, { token: inv.token, name: "Eva", password: "eva password 123" });
    await expect(acceptInvitation(ctx, { token: inv.token, name: "Eva", password: "eva password 123" })).rejects.toThrow(/already used/);
    expect(findOpenInvitation(ctx, inv.token)).toBeNull();
    expect(() => inviteUser(ctx, { email: "eva@example.com", role: "auditor" }, "x")).toThrow(/already has an account/);

    changeRole(ctx, { userId: eva.id, role: "operator" }, "user:boss@example.com");
    const s = await signIn(ctx, { email: "eva@example.com", password: "eva password 123", ip: "1.2.3.4" });
    expect(authenticateSession(ctx, s.token)?.user.role).toBe("operator");
    setDisabled(ctx, { userId: eva.id, disabled: true }, "user:boss@example.com");
    expect(authenticateSession(ctx, s.token)).toBeNull();
    await expect(signIn(ctx, { email: "eva@example.com", password: "eva password 123", ip: "1.2.3.4" })).rejects.toThrow(/wrong email or password/);

    const log = listAuditLog(ctx, { entityId: eva.id }).items;
    expect(log.map((e) => e.action)).toEqual(["user.disabled", "user.role_changed", "user.created"]);
    expect(log[1]).toMatchObject({ actor: "user:boss@example.com", before: { role: "strategist" }, after: { role: "operator" } });
    expect(JSON.stringify(log)).not.toMatch(/scrypt/);
  });

  it("never leaves Pauta without an active admin", async () => {
    await ensureFirstAdmin(ctx, { email: "boss@example.com", password: "boss password 123" });
    const boss = listUsers(ctx)[0]!;
    expect(() => changeRole(ctx, { userId: boss.id, role: "auditor" }, "x")).toThrow(/at least one active admin/);
    expect(() => setDisabled(ctx, { userId: boss.id, disabled: true }, "x")).toThrow(/at least one active admin/);
  });

  it("throttles an email after 5 failures in 15 minutes, then lets it in again", async () => {
    await ensureFirstAdmin(ctx, { email: "boss@example.com", password: "boss password 123" });
    for (let i = 0; i < 5; i++) await expect(signIn(ctx, { email: "boss@example.com", password: "wrong", ip: "9.9.9.9" })).rejects.toThrow(/wrong email/);
    const err = await signIn(ctx, { email: "boss@example.com", password: "boss password 123", ip: "9.9.9.9" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ThrottledError);
    expect((err as ThrottledError).retryAfterSeconds).toBeGreaterThan(890);
    // The window passes: age the recorded failures instead of waiting.
    ctx.sqlite.prepare("update login_attempts set at = ?").run(new Date(Date.now() - 16 * 60 * 1000).toISOString());
    await expect(signIn(ctx, { email: "boss@example.com", password: "boss password 123", ip: "9.9.9.9" })).resolves.toMatchObject({ user: { role: "admin" } });
  });

  it("sessions expire after 12 h without use and slide while used", async () => {
    await ensureFirstAdmin(ctx, { email: "boss@example.com", password: "boss password 123" });
    const s = await signIn(ctx, { email: "boss@example.com", password: "boss password 123", ip: "1" });
    const t0 = Date.now();
    const later = new Date(t0 + SESSION_TTL_MS - 60_000);
    expect(authenticateSession(ctx, s.token, later)).not.toBeNull();
    // Used just before expiry: now valid for 12 h from that use.
    expect(authenticateSession(ctx, s.token, new Date(later.getTime() + SESSION_TTL_MS - 120_000))).not.toBeNull();
    expect(authenticateSession(ctx, s.token, new Date(later.getTime() + 2 * SESSION_TTL_MS))).toBeNull();
  });
});
