// The one place that says who may do what. tRPC procedures and /api/v1 routes name a Permission;
// people hold permissions through their role, machines through their API key's scopes.
import type { ApiScope } from "../db/schema/api-keys";
import { ROLES, type Role } from "../../../schemas/users";

export { ROLES, type Role };

export const PERMISSIONS = [
  "decisions.read",
  "decisions.export",
  "cases.read",
  "cases.create",
  "events.create",
  "playbooks.read",
  "playbooks.validate",
  "playbooks.import",
  "playbooks.publish",
  "playbooks.approve",
  "playbooks.request_approval",
  "playbooks.backtest",
  "simulate.run",
  "audit.read",
  "audit.verify",
  "audit.replay",
  "audit.export",
  "users.manage",
  "keys.manage",
  "settings.manage",
  "webhooks.manage",
  "notifications.read",
  "crisis.read",
  "crisis.manage",
  "metrics.read",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

interface Grant {
  /** Roles holding the permission; admin holds every permission and is listed for readability. */
  roles: readonly Role[];
  /** API key scopes holding it; empty means people only. */
  scopes: readonly ApiScope[];
}

const READERS: readonly Role[] = ["admin", "strategist", "operator", "auditor"];

export const GRANTS: Record<Permission, Grant> = {
  "decisions.read": { roles: READERS, scopes: ["read"] },
  "decisions.export": { roles: ["admin", "auditor"], scopes: ["read"] },
  "cases.read": { roles: READERS, scopes: ["read"] },
  // Cases come from channels (machines); an admin may also post one, e.g. from the API explorer.
  "cases.create": { roles: ["admin"], scopes: ["ingest"] },
  "events.create": { roles: ["admin"], scopes: ["ingest"] },
  "playbooks.read": { roles: READERS, scopes: ["read"] },
  // Validation changes nothing; anyone who may read may check a document.
  "playbooks.validate": { roles: READERS, scopes: ["read", "manage"] },
  // Importing writes a draft version: the strategist's work.
  "playbooks.import": { roles: ["admin", "strategist"], scopes: ["manage"] },
  // Publishing, scheduling and rolling back change live routing: the operator's work.
  "playbooks.publish": { roles: ["admin", "operator"], scopes: ["manage"] },
  // Four-eyes approval is a person's decision (never a key's), and never the author's (checked by the service).
  "playbooks.approve": { roles: ["admin", "operator"], scopes: [] },
  // Whoever makes or ships a change may ask a second person to approve it (and take the request back).
  "playbooks.request_approval": { roles: ["admin", "strategist", "operator"], scopes: ["manage"] },
  // A backtest writes only its own results: authors and the operators who review their changes run them.
  "playbooks.backtest": { roles: ["admin", "strategist", "operator"], scopes: ["read", "manage"] },
  "simulate.run": { roles: ["admin", "strategist"], scopes: ["read"] },
  "audit.read": { roles: READERS, scopes: ["read"] },
  "audit.verify": { roles: ["admin", "auditor"], scopes: ["read"] },
  "audit.replay": { roles: ["admin", "auditor"], scopes: ["read"] },
  "audit.export": { roles: ["admin", "auditor"], scopes: ["read"] },
  "users.manage": { roles: ["admin"], scopes: [] },
  "keys.manage": { roles: ["admin"], scopes: ["manage"] },
  "settings.manage": { roles: ["admin"], scopes: [] },
  // Endpoints hold signing secrets and decide where case data goes: admins, or a manage key.
  "webhooks.manage": { roles: ["admin"], scopes: ["manage"] },
  // The in-app list (and marking it read) is for everyone who works in Pauta.
  "notifications.read": { roles: READERS, scopes: ["read"] },
  // Everyone who reads decisions may see a crisis and its protocol (the people doing the checklist are in every role).
  "crisis.read": { roles: READERS, scopes: ["read"] },
  // Ending crisis mode changes live routing, like publishing: operators, and incident tooling with a manage key
  // (a chat or paging bot closing the incident); the decision log names the person or the key that resolved it.
  "crisis.manage": { roles: ["admin", "operator"], scopes: ["manage"] },
  // Metrics and OKR dashboards are aggregates of what decisions.read already shows: the same readers,
  // and reporting tools (BI, a wallboard) with a read key.
  "metrics.read": { roles: READERS, scopes: ["read"] },
};

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

/** Who is calling: a signed-in person, a machine with an API key, or nobody. */
export type Actor = { kind: "user"; user: SessionUser } | { kind: "api_key"; keyId: string; prefix: string; scopes: ApiScope[] } | null;

export function can(actor: Actor, permission: Permission): boolean {
  if (!actor) return false;
  const grant = GRANTS[permission];
  if (actor.kind === "user") return actor.user.role === "admin" || grant.roles.includes(actor.user.role);
  return actor.scopes.some((s) => grant.scopes.includes(s));
}

/** Roles and scopes holding a permission. */
export function requiredFor(permission: Permission): Grant {
  return GRANTS[permission];
}

function orList(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}

/** The 403 message: what the caller would need, phrased for the kind of caller. */
export function forbiddenMessage(actor: Actor, permission: Permission): string {
  const { roles, scopes } = GRANTS[permission];
  if (actor?.kind === "api_key")
    return scopes.length
      ? `'${permission}' needs an API key with the ${orList(scopes.map((s) => `'${s}'`))} scope`
      : `'${permission}' is for people only: sign in with the role ${orList(roles.map((r) => `'${r}'`))}`;
  const yours = actor?.kind === "user" ? ` (yours is '${actor.user.role}')` : "";
  return `'${permission}' needs the role ${orList(roles.map((r) => `'${r}'`))}${yours}`;
}

/** The audit log's actor string. */
export function actorLabel(actor: Actor): string {
  if (!actor) return "anonymous";
  return actor.kind === "user" ? `user:${actor.user.email}` : `api_key:${actor.prefix}`;
}

/** Every permission an actor holds: the UI uses it to hide what a role cannot do. */
export function permissionsOf(actor: Actor): Permission[] {
  return PERMISSIONS.filter((p) => can(actor, p));
}
