// The authorization matrix, against the real server: every mutating tRPC procedure and every
// mutating /api/v1 route × every kind of caller, expected outcome computed from permissions.ts.
// The lists of procedures and routes are derived from the code, so a new one without a row fails.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { can, GRANTS, type Actor, type Permission } from "@/app/_server/auth/permissions";
import { appRouter } from "@/app/_server/trpc/root";
import type { Role } from "@/schemas/users";
import { createUser, login, loginAs, sessionHeaders, TEST_PASSWORD, trpcCall, type TestSession } from "../support/auth";
import { routesInCode } from "../support/routes";
import { startServer, type RunningServer } from "../support/server";

type ApiScope = "ingest" | "read" | "manage";
type Caller = { name: string; kind: "none" } | { name: string; kind: "user"; role: Role } | { name: string; kind: "api_key"; scope: ApiScope };

const CALLERS: Caller[] = [
  { name: "no credentials", kind: "none" },
  { name: "admin", kind: "user", role: "admin" },
  { name: "strategist", kind: "user", role: "strategist" },
  { name: "operator", kind: "user", role: "operator" },
  { name: "auditor", kind: "user", role: "auditor" },
  { name: "key:ingest", kind: "api_key", scope: "ingest" },
  { name: "key:read", kind: "api_key", scope: "read" },
  { name: "key:manage", kind: "api_key", scope: "manage" },
];

/** The actor permissions.ts reasons about for a caller. */
function actorOf(c: Caller): Actor {
  if (c.kind === "none") return null;
  if (c.kind === "user") return { kind: "user", user: { id: "x", email: "x", name: "x", role: c.role } };
  return { kind: "api_key", keyId: "x", prefix: "x", scopes: [c.scope] };
}

/**
 * Mutating tRPC procedures. Inputs are valid in shape but point at nothing (or fail validation after
 * authorization), so an allowed call answers 4xx other than 401/403 and changes nothing.
 */
const TRPC_MUTATIONS: Record<string, { permission: Permission; input: unknown; variants?: { also: Permission[]; input: unknown }[] }> = {
  "users.invite": { permission: "users.manage", input: { email: "not-an-email", role: "strategist" } },
  "users.setRole": { permission: "users.manage", input: { userId: "no-such-user", role: "auditor" } },
  "users.setDisabled": { permission: "users.manage", input: { userId: "no-such-user", disabled: true } },
  "proof.replay": { permission: "audit.replay", input: { id: "no-such-decision" } },
  "proof.replaySample": { permission: "audit.replay", input: { size: -1 } },
  // The canvas editor: editing drafts is the strategist's (like importing), publishing the operator's.
  "playbooks.create": { permission: "playbooks.import", input: { id: "Not A Slug", name: "x" } },
  "playbooks.saveDraft": { permission: "playbooks.import", input: { id: "no-such-playbook", baseRevision: 0, document: {} } },
  "playbooks.commitDraft": {
    permission: "playbooks.import",
    input: { id: "no-such-playbook", revision: 0 },
    // Making the version and asking for its approval in one call needs both.
    variants: [{ also: ["playbooks.request_approval"], input: { id: "no-such-playbook", revision: 0, requestApproval: true } }],
  },
  "playbooks.publishDraft": { permission: "playbooks.publish", input: { id: "no-such-playbook", revision: 0, comment: "authz test" } },
  "playbooks.tryDraft": { permission: "simulate.run", input: { document: {}, case: {} } },
  // The form editors (tone, okr): the same split as the canvas.
  "playbooks.createDocument": { permission: "playbooks.import", input: { id: "Not A Slug", name: "x", kind: "tone" } },
  "playbooks.saveDocument": { permission: "playbooks.import", input: { id: "no-such-playbook", baseVersion: null, document: {} } },
  // The version lifecycle: publishing and rolling back are the operator's, approving a person's (never a key's).
  "versions.recordComparison": { permission: "playbooks.read", input: { id: "no-such-playbook", from: 1, to: 2 } },
  "versions.publish": { permission: "playbooks.publish", input: { id: "no-such-playbook", version: 1, comment: "authz test" } },
  "versions.rollback": { permission: "playbooks.publish", input: { id: "no-such-playbook", version: 1, reason: "authz test" } },
  "versions.cancelSchedule": { permission: "playbooks.publish", input: { id: "no-such-playbook", scheduleId: "no-such-schedule" } },
  "versions.requestApproval": { permission: "playbooks.request_approval", input: { id: "no-such-playbook", version: 1 } },
  "versions.withdrawApproval": { permission: "playbooks.request_approval", input: { id: "no-such-playbook", version: 1 } },
  "versions.approve": { permission: "playbooks.approve", input: { id: "no-such-playbook", version: 1, comment: "authz test", contentHash: "0".repeat(64) } },
  "versions.reject": { permission: "playbooks.approve", input: { id: "no-such-playbook", version: 1, comment: "authz test", contentHash: "0".repeat(64) } },
  "backtests.start": { permission: "playbooks.backtest", input: { playbookId: "no-such-playbook" } },
  "backtests.cancel": { permission: "playbooks.backtest", input: { id: "no-such-backtest" } },
  "settings.update": { permission: "settings.manage", input: { requireApproval: "not a boolean" } },
  "webhooks.create": { permission: "webhooks.manage", input: { name: "", url: "ftp://nowhere" } },
  "webhooks.update": { permission: "webhooks.manage", input: { id: "no-such-endpoint", change: {} } },
  "webhooks.remove": { permission: "webhooks.manage", input: { id: "no-such-endpoint" } },
  "webhooks.rotateSecret": { permission: "webhooks.manage", input: { id: "no-such-endpoint" } },
  "webhooks.sendTest": { permission: "webhooks.manage", input: { id: "no-such-endpoint" } },
  "webhooks.retry": { permission: "webhooks.manage", input: { id: "no-such-delivery" } },
  "notifications.markRead": { permission: "notifications.read", input: { id: "no-such-notification" } },
  // Changes nothing on the matrix's server, which has no notifications.
  "notifications.markAllRead": { permission: "notifications.read", input: undefined },
  "crisis.resolve": { permission: "crisis.manage", input: { id: "no-such-incident", note: "authz test" } },
  "crisis.setChecklistItem": { permission: "crisis.manage", input: { id: "no-such-incident", itemId: "no-such-item", done: true } },
  // Changes nothing (a mutation for the document's size): everyone who may validate a playbook.
  "okr.lint": { permission: "playbooks.validate", input: {} },
};

/** Mutating /api/v1 routes, keyed "METHOD /api/v1/<file path>", with a concrete URL and body. */
const ROUTES: Record<string, { permission: Permission | null; url: string; body?: unknown; also?: Permission[] }[]> = {
  "POST /api/v1/cases": [{ permission: "cases.create", url: "/api/v1/cases", body: {} }],
  "POST /api/v1/cases/[id]/events": [{ permission: "events.create", url: "/api/v1/cases/no-such-case/events", body: {} }],
  "POST /api/v1/simulate": [{ permission: "simulate.run", url: "/api/v1/simulate", body: {} }],
  "POST /api/v1/audit/replay-sample": [{ permission: "audit.replay", url: "/api/v1/audit/replay-sample", body: { size: -1 } }],
  "POST /api/v1/decisions/[id]/replay": [{ permission: "audit.replay", url: "/api/v1/decisions/no-such-decision/replay" }],
  "POST /api/v1/api-keys": [{ permission: "keys.manage", url: "/api/v1/api-keys", body: { name: "", scopes: [] } }],
  "DELETE /api/v1/api-keys/[id]": [{ permission: "keys.manage", url: "/api/v1/api-keys/no-such-key" }],
  "POST /api/v1/playbooks": [
    { permission: "playbooks.import", url: "/api/v1/playbooks", body: {} },
    // Import and publish in one call needs both.
    { permission: "playbooks.import", also: ["playbooks.publish"], url: "/api/v1/playbooks?publish=true&comment=test%20publish", body: {} },
    { permission: "playbooks.import", also: ["playbooks.request_approval"], url: "/api/v1/playbooks?requestApproval=true&comment=please%20review", body: {} },
    // Creating a new, empty playbook (a body that is not a playbook document).
    { permission: "playbooks.import", url: "/api/v1/playbooks", body: { id: "Not A Slug", name: "" } },
  ],
  "PUT /api/v1/playbooks/[id]/draft": [{ permission: "playbooks.import", url: "/api/v1/playbooks/no-such-playbook/draft", body: { baseRevision: 0, document: {} } }],
  "POST /api/v1/playbooks/[id]/draft/publish": [{ permission: "playbooks.publish", url: "/api/v1/playbooks/no-such-playbook/draft/publish", body: { revision: 0, comment: "authz test" } }],
  "POST /api/v1/playbooks/[id]/draft/version": [
    { permission: "playbooks.import", url: "/api/v1/playbooks/no-such-playbook/draft/version", body: { revision: 0 } },
    { permission: "playbooks.import", also: ["playbooks.request_approval"], url: "/api/v1/playbooks/no-such-playbook/draft/version", body: { revision: 0, requestApproval: true } },
  ],
  "POST /api/v1/playbooks/[id]/publish": [
    { permission: "playbooks.publish", url: "/api/v1/playbooks/no-such-playbook/publish", body: { version: 1, comment: "authz test" } },
    { permission: "playbooks.publish", url: "/api/v1/playbooks/no-such-playbook/publish", body: { version: 1, comment: "authz test", at: "2099-01-01T00:00:00.000Z" } },
  ],
  "POST /api/v1/playbooks/[id]/rollback": [{ permission: "playbooks.publish", url: "/api/v1/playbooks/no-such-playbook/rollback", body: { version: 1, reason: "authz test" } }],
  "DELETE /api/v1/playbooks/[id]/schedules/[scheduleId]": [{ permission: "playbooks.publish", url: "/api/v1/playbooks/no-such-playbook/schedules/no-such-schedule" }],
  "POST /api/v1/playbooks/[id]/versions/[version]/approval": [{ permission: "playbooks.request_approval", url: "/api/v1/playbooks/no-such-playbook/versions/1/approval", body: {} }],
  "DELETE /api/v1/playbooks/[id]/versions/[version]/approval": [{ permission: "playbooks.request_approval", url: "/api/v1/playbooks/no-such-playbook/versions/1/approval" }],
  "POST /api/v1/playbooks/[id]/versions/[version]/approve": [
    { permission: "playbooks.approve", url: "/api/v1/playbooks/no-such-playbook/versions/1/approve", body: { comment: "authz test", contentHash: "0".repeat(64) } },
  ],
  "POST /api/v1/playbooks/[id]/versions/[version]/reject": [
    { permission: "playbooks.approve", url: "/api/v1/playbooks/no-such-playbook/versions/1/reject", body: { comment: "authz test", contentHash: "0".repeat(64) } },
  ],
  "POST /api/v1/playbooks/[id]/backtests": [{ permission: "playbooks.backtest", url: "/api/v1/playbooks/no-such-playbook/backtests", body: {} }],
  "POST /api/v1/backtests/[id]/cancel": [{ permission: "playbooks.backtest", url: "/api/v1/backtests/no-such-backtest/cancel" }],
  "POST /api/v1/crisis/incidents/[id]/resolve": [{ permission: "crisis.manage", url: "/api/v1/crisis/incidents/no-such-incident/resolve", body: { note: "authz test" } }],
  "POST /api/v1/crisis/incidents/[id]/checklist/[itemId]": [{ permission: "crisis.manage", url: "/api/v1/crisis/incidents/no-such-incident/checklist/no-such-item", body: { done: true } }],
  "PUT /api/v1/settings": [{ permission: "settings.manage", url: "/api/v1/settings", body: { requireApproval: "not a boolean" } }],
  "POST /api/v1/webhooks": [{ permission: "webhooks.manage", url: "/api/v1/webhooks", body: { name: "", url: "ftp://nowhere" } }],
  "PATCH /api/v1/webhooks/[id]": [{ permission: "webhooks.manage", url: "/api/v1/webhooks/no-such-endpoint", body: {} }],
  "DELETE /api/v1/webhooks/[id]": [{ permission: "webhooks.manage", url: "/api/v1/webhooks/no-such-endpoint" }],
  "POST /api/v1/webhooks/[id]/rotate-secret": [{ permission: "webhooks.manage", url: "/api/v1/webhooks/no-such-endpoint/rotate-secret" }],
  "POST /api/v1/webhooks/[id]/test": [{ permission: "webhooks.manage", url: "/api/v1/webhooks/no-such-endpoint/test" }],
  "POST /api/v1/webhook-deliveries/[id]/retry": [{ permission: "webhooks.manage", url: "/api/v1/webhook-deliveries/no-such-delivery/retry" }],
  "POST /api/v1/notifications/[id]/read": [{ permission: "notifications.read", url: "/api/v1/notifications/no-such-notification/read" }],
  "POST /api/v1/notifications/read-all": [{ permission: "notifications.read", url: "/api/v1/notifications/read-all" }],
  "POST /api/v1/playbooks/validate": [{ permission: "playbooks.validate", url: "/api/v1/playbooks/validate", body: {} }],
  "POST /api/v1/okr/lint": [{ permission: "playbooks.validate", url: "/api/v1/okr/lint", body: {} }],
  // Public: signing in, accepting an invitation (the token is the credential), unknown paths.
  "POST /api/v1/session": [{ permission: null, url: "/api/v1/session", body: {} }],
  "DELETE /api/v1/session": [{ permission: null, url: "/api/v1/session" }],
  "POST /api/v1/invitations/accept": [{ permission: null, url: "/api/v1/invitations/accept", body: {} }],
  "POST /api/v1/[...path]": [{ permission: null, url: "/api/v1/no/such/endpoint", body: {} }],
  "PUT /api/v1/[...path]": [{ permission: null, url: "/api/v1/no/such/endpoint", body: {} }],
  "PATCH /api/v1/[...path]": [{ permission: null, url: "/api/v1/no/such/endpoint", body: {} }],
  "DELETE /api/v1/[...path]": [{ permission: null, url: "/api/v1/no/such/endpoint" }],
};

/** Every mutating method exported by a route file under app/api/v1, as "METHOD /api/v1/<dirs>". */
function mutatingRoutesInCode(): string[] {
  return routesInCode()
    .flatMap((r) => r.methods.filter((m) => m !== "GET").map((m) => `${m} ${r.dir}`))
    .sort();
}

type ProcDef = { _def: { type: string; meta?: { permission?: Permission | null } } };
/** tRPC keeps a flat "router.procedure" map at run time (its type is the nested router). */
const PROCEDURES = appRouter._def.procedures as unknown as Record<string, ProcDef>;

function mutationsInRouter(): { path: string; permission: Permission | null | undefined }[] {
  return Object.entries(PROCEDURES)
    .filter(([, p]) => p._def.type === "mutation")
    .map(([name, p]) => ({ path: name, permission: p._def.meta?.permission }));
}

let server: RunningServer;
const sessions = new Map<Role, TestSession>();
const keys = new Map<ApiScope, string>();

function headersFor(c: Caller): Record<string, string> {
  if (c.kind === "none") return {};
  if (c.kind === "api_key") return { authorization: `Bearer ${keys.get(c.scope)}` };
  const s = sessions.get(c.role);
  if (!s) throw new Error(`no session for ${c.role}`);
  return sessionHeaders(s);
}

/** What the test expects: allowed, or 401/403 — and for 403, which roles or scopes the message must name. */
function expected(c: Caller, permissions: Permission[]): { allowed: true } | { allowed: false; status: 401 | 403; names: string[] } {
  if (c.kind === "none") return { allowed: false, status: 401, names: [] };
  const actor = actorOf(c);
  const missing = permissions.find((p) => !can(actor, p));
  if (!missing) return { allowed: true };
  const g = GRANTS[missing];
  return { allowed: false, status: 403, names: c.kind === "api_key" && g.scopes.length ? g.scopes.map((s) => `'${s}'`) : g.roles.map((r) => `'${r}'`) };
}

function check(label: string, c: Caller, permissions: Permission[] | null, status: number, message: string): void {
  const where = `${label} as ${c.name} → ${status} ${message}`;
  if (permissions === null) {
    expect([401, 403], where).not.toContain(status);
    return;
  }
  const e = expected(c, permissions);
  if (e.allowed) {
    expect([401, 403], where).not.toContain(status);
    expect(status, where).toBeLessThan(500);
  } else {
    expect(status, where).toBe(e.status);
    for (const n of e.names) expect(message, where).toContain(n);
  }
}

beforeAll(async () => {
  server = await startServer();
  for (const role of ["admin", "strategist", "operator", "auditor"] as const) sessions.set(role, await loginAs(server.baseUrl, role));
  for (const scope of ["ingest", "read", "manage"] as const) {
    const res = await fetch(`${server.baseUrl}/api/v1/api-keys`, {
      method: "POST",
      headers: { authorization: `Bearer ${server.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ name: `authz ${scope}`, scopes: [scope] }),
    });
    expect(res.status).toBe(201);
    keys.set(scope, ((await res.json()) as { key: string }).key);
  }
}, 180_000);
afterAll(async () => {
  await server?.stop();
});

describe("the matrix has no gaps", () => {
  it("every tRPC mutation has a row, and its declared permission is the row's", () => {
    const inCode = mutationsInRouter();
    expect(inCode.length).toBeGreaterThan(0);
    for (const m of inCode) {
      expect(TRPC_MUTATIONS, `tRPC mutation ${m.path} has no row in the authorization matrix`).toHaveProperty([m.path]);
      expect(m.permission, `tRPC mutation ${m.path} must use authorizedProcedure(...)`).toBe(TRPC_MUTATIONS[m.path]!.permission);
    }
    expect(Object.keys(TRPC_MUTATIONS).sort(), "rows for procedures that no longer exist").toEqual(inCode.map((m) => m.path).sort());
  });

  it("every mutating /api/v1 route file has a row", () => {
    const inCode = mutatingRoutesInCode();
    expect(inCode.length).toBeGreaterThan(5);
    for (const r of inCode) expect(ROUTES, `${r} has no row in the authorization matrix`).toHaveProperty([r]);
    expect(Object.keys(ROUTES).sort(), "rows for routes that no longer exist").toEqual(inCode);
  });

  it("every tRPC procedure, query or mutation, names a permission; only none is public", () => {
    for (const [name, p] of Object.entries(PROCEDURES))
      expect(typeof p._def.meta?.permission, `${name} must use authorizedProcedure(...)`).toBe("string");
  });
});

describe("tRPC mutations", () => {
  for (const [proc, row] of Object.entries(TRPC_MUTATIONS)) {
    for (const v of [{ also: [] as Permission[], input: row.input }, ...(row.variants ?? [])]) {
      it(`${proc}${v.also.length ? ` (also ${v.also.join(", ")})` : ""}`, async () => {
        for (const c of CALLERS) {
          const r = await trpcCall(server.baseUrl, "mutation", proc, v.input, headersFor(c));
          check(`tRPC ${proc}`, c, [row.permission, ...v.also], r.status, String(r.body?.error?.message ?? ""));
        }
      });
    }
  }
});

describe("/api/v1 mutating routes", () => {
  for (const [key, rows] of Object.entries(ROUTES)) {
    const method = key.split(" ")[0]!;
    for (const row of rows) {
      it(`${method} ${row.url}`, async () => {
        for (const c of CALLERS) {
          let headers = headersFor(c);
          // Signing out ends the session: use a throwaway one so the matrix's sessions live on.
          if (key === "DELETE /api/v1/session" && c.kind === "user")
            headers = sessionHeaders(c.role === "admin" ? await loginAs(server.baseUrl, "admin") : await login(server.baseUrl, `${c.role}@pauta.test`, TEST_PASSWORD));
          const res = await fetch(server.baseUrl + row.url, {
            method,
            headers: { ...headers, ...(row.body !== undefined ? { "content-type": "application/json" } : {}) },
            body: row.body !== undefined ? JSON.stringify(row.body) : undefined,
          });
          const body = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
          check(`${method} ${row.url}`, c, row.permission === null ? null : [row.permission, ...(row.also ?? [])], res.status, body.error?.message ?? "");
        }
      });
    }
  }
});

describe("the version lifecycle's refusals say what is needed", () => {
  const post = (url: string, headers: Record<string, string>, body: unknown) =>
    fetch(server.baseUrl + url, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, message: ((await r.json()) as { error: { message: string } }).error.message }));
  const decision = { comment: "authz test", contentHash: "0".repeat(64) };

  it("approving is for people only: even a manage key is refused, over REST and tRPC", async () => {
    const manage = headersFor({ name: "key:manage", kind: "api_key", scope: "manage" });
    for (const verb of ["approve", "reject"]) {
      const r = await post(`/api/v1/playbooks/no-such-playbook/versions/1/${verb}`, manage, decision);
      expect(r).toEqual({ status: 403, message: "'playbooks.approve' is for people only: sign in with the role 'admin' or 'operator'" });
    }
    const t = await trpcCall(server.baseUrl, "mutation", "versions.approve", { id: "no-such-playbook", version: 1, ...decision }, manage);
    expect(t.status).toBe(403);
    expect(t.body.error.message).toMatch(/is for people only/);
  });

  it("publishing, rolling back and approving name the role; a key without the scope is told which scope", async () => {
    const strategist = sessionHeaders(sessions.get("strategist")!);
    expect(await post("/api/v1/playbooks/no-such-playbook/publish", strategist, { version: 1, comment: "authz test" })).toEqual({
      status: 403,
      message: "'playbooks.publish' needs the role 'admin' or 'operator' (yours is 'strategist')",
    });
    expect((await post("/api/v1/playbooks/no-such-playbook/versions/1/approve", strategist, decision)).message).toBe("'playbooks.approve' needs the role 'admin' or 'operator' (yours is 'strategist')");
    const read = headersFor({ name: "key:read", kind: "api_key", scope: "read" });
    expect(await post("/api/v1/playbooks/no-such-playbook/rollback", read, { version: 1, reason: "authz test" })).toEqual({ status: 403, message: "'playbooks.publish' needs an API key with the 'manage' scope" });
    const operator = sessionHeaders(sessions.get("operator")!);
    expect(await fetch(`${server.baseUrl}/api/v1/settings`, { method: "PUT", headers: { ...operator, "content-type": "application/json" }, body: JSON.stringify({ requireApproval: true }) }).then((r) => r.status)).toBe(403);
  });
});

describe("reads", () => {
  it("nothing is readable anonymously except health and the OpenAPI document", async () => {
    for (const p of ["/api/v1/decisions", "/api/v1/playbooks", "/api/v1/audit/log", "/api/v1/api-keys", "/api/v1/cases/x"])
      expect((await fetch(server.baseUrl + p)).status, p).toBe(401);
    for (const p of ["/api/v1/health", "/api/v1/openapi.json"]) expect((await fetch(server.baseUrl + p)).status, p).toBe(200);
    for (const [name, p] of Object.entries(PROCEDURES))
      if (p._def.type === "query") expect((await trpcCall(server.baseUrl, "query", name, undefined)).status, name).toBe(401);
  });

  it("a session may call /api/v1 reads (no CSRF needed for GET)", async () => {
    const auditor = sessions.get("auditor")!;
    const res = await fetch(`${server.baseUrl}/api/v1/decisions`, { headers: { cookie: auditor.cookie } });
    expect(res.status).toBe(200);
    const keys = await fetch(`${server.baseUrl}/api/v1/api-keys`, { headers: { cookie: auditor.cookie } });
    expect(keys.status).toBe(403);
    expect(((await keys.json()) as { error: { message: string } }).error.message).toContain("'admin'");
  });
});

describe("CSRF", () => {
  it("a cookie mutation without, or with a wrong, x-csrf-token is refused with 403", async () => {
    const admin = sessions.get("admin")!;
    for (const h of [{ cookie: admin.cookie }, { cookie: admin.cookie, "x-csrf-token": "wrong" }] as Record<string, string>[]) {
      const api = await fetch(`${server.baseUrl}/api/v1/api-keys`, { method: "POST", headers: { ...h, "content-type": "application/json" }, body: JSON.stringify({ name: "csrf", scopes: ["read"] }) });
      expect(api.status).toBe(403);
      expect(((await api.json()) as { error: { code: string } }).error.code).toBe("csrf");
      const t = await trpcCall(server.baseUrl, "mutation", "users.invite", { email: "csrf@pauta.test", role: "auditor" }, h);
      expect(t.status).toBe(403);
      expect(t.body.error.message).toMatch(/x-csrf-token/);
    }
    // The cookie's value must also be this session's: another session's CSRF token does not pass.
    const other = await loginAs(server.baseUrl, "admin");
    const mixed = await trpcCall(server.baseUrl, "mutation", "users.invite", { email: "csrf@pauta.test", role: "auditor" }, { cookie: `pauta_session=${admin.token}; pauta_csrf=${other.csrf}`, "x-csrf-token": other.csrf });
    expect(mixed.status).toBe(403);
    // With the header, the same call goes through; a Bearer key needs no CSRF header at all.
    const ok = await trpcCall(server.baseUrl, "mutation", "users.invite", { email: "csrf@pauta.test", role: "auditor" }, sessionHeaders(admin));
    expect(ok.status).toBe(200);
    const key = await fetch(`${server.baseUrl}/api/v1/api-keys`, { method: "POST", headers: { authorization: `Bearer ${server.apiKey}`, "content-type": "application/json" }, body: JSON.stringify({ name: "no csrf", scopes: ["read"] }) });
    expect(key.status).toBe(201);
  });
});

describe("sessions", () => {
  it("throttles sign-in after 5 failures for an email, even with the right password, and says when to retry", async () => {
    const admin = sessions.get("admin")!;
    await createUser(server.baseUrl, admin, "throttled@pauta.test", "auditor");
    const attempt = (password: string) =>
      fetch(`${server.baseUrl}/api/v1/session`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "Throttled@pauta.test", password }) });
    for (let i = 0; i < 5; i++) expect((await attempt("wrong password!")).status).toBe(401);
    const res = await attempt(TEST_PASSWORD);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(800);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/try again in 15 minutes/);
    // Other people signing in from the same address are not locked out by one email's failures.
    expect((await login(server.baseUrl, "auditor@pauta.test", TEST_PASSWORD)).role).toBe("auditor");
  });

  it("a disabled user's session stops working at once, and they cannot sign in", async () => {
    const admin = sessions.get("admin")!;
    const s = await createUser(server.baseUrl, admin, "leaver@pauta.test", "operator");
    expect((await fetch(`${server.baseUrl}/api/v1/session`, { headers: { cookie: s.cookie } })).status).toBe(200);
    expect((await trpcCall(server.baseUrl, "query", "playbooks.list", undefined, { cookie: s.cookie })).status).toBe(200);
    const users = await trpcCall(server.baseUrl, "query", "users.list", undefined, sessionHeaders(admin));
    const id = (users.body.result.data as { id: string; email: string }[]).find((u) => u.email === "leaver@pauta.test")!.id;
    const off = await trpcCall(server.baseUrl, "mutation", "users.setDisabled", { userId: id, disabled: true }, sessionHeaders(admin));
    expect(off.status).toBe(200);
    expect((await trpcCall(server.baseUrl, "query", "playbooks.list", undefined, { cookie: s.cookie })).status).toBe(401);
    expect((await fetch(`${server.baseUrl}/api/v1/decisions`, { headers: { cookie: s.cookie } })).status).toBe(401);
    await expect(login(server.baseUrl, "leaver@pauta.test", TEST_PASSWORD)).rejects.toThrow(/401/);
  });

  it("a role change applies to the next request, and is in the audit log with before and after", async () => {
    const admin = sessions.get("admin")!;
    const s = await createUser(server.baseUrl, admin, "mover@pauta.test", "auditor");
    const invite = () => trpcCall(server.baseUrl, "mutation", "users.invite", { email: "x@y", role: "auditor" }, sessionHeaders(s));
    expect((await invite()).status).toBe(403);
    const users = await trpcCall(server.baseUrl, "query", "users.list", undefined, sessionHeaders(admin));
    const id = (users.body.result.data as { id: string; email: string }[]).find((u) => u.email === "mover@pauta.test")!.id;
    expect((await trpcCall(server.baseUrl, "mutation", "users.setRole", { userId: id, role: "admin" }, sessionHeaders(admin))).status).toBe(200);
    expect((await invite()).status).toBe(400);
    const log = await fetch(`${server.baseUrl}/api/v1/audit/log?entityId=${id}`, { headers: { authorization: `Bearer ${server.apiKey}` } });
    const items = ((await log.json()) as { items: { action: string; actor: string; before: { role: string } | null; after: { role: string } }[] }).items;
    expect(items.map((i) => i.action)).toEqual(["user.role_changed", "user.created"]);
    expect(items[0]).toMatchObject({ actor: "user:admin@pauta.test", before: { role: "auditor" }, after: { role: "admin" } });
  });

  it("signing out deletes the session", async () => {
    const s = await loginAs(server.baseUrl, "operator");
    const out = await fetch(`${server.baseUrl}/api/v1/session`, { method: "DELETE", headers: sessionHeaders(s) });
    expect(out.status).toBe(200);
    expect(out.headers.getSetCookie().join(";")).toMatch(/pauta_session=;/);
    expect((await fetch(`${server.baseUrl}/api/v1/session`, { headers: { cookie: s.cookie } })).status).toBe(401);
  });

  it("the session cookie is httpOnly and SameSite=Lax; the CSRF cookie is readable by the page", async () => {
    const res = await fetch(`${server.baseUrl}/api/v1/session`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "admin@pauta.test", password: "admin-password-for-tests" }) });
    const cookies = res.headers.getSetCookie();
    expect(cookies.find((c) => c.startsWith("pauta_session="))).toMatch(/HttpOnly/);
    expect(cookies.find((c) => c.startsWith("pauta_session="))).toMatch(/SameSite=Lax/);
    expect(cookies.find((c) => c.startsWith("pauta_csrf="))).not.toMatch(/HttpOnly/);
  });
});
