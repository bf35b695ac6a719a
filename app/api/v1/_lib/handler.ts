// The one wrapper every /api/v1 route uses: auth, bounded body reading, JSON parsing and error mapping.
import { randomUUID } from "node:crypto";
import type { ApiError } from "@/schemas";
import { getDb, type ServiceContext } from "@/app/_server/db/client";
import { actorLabel, can, forbiddenMessage, type Actor, type Permission } from "@/app/_server/auth/permissions";
import { resolveCredentials, type Credentials } from "@/app/_server/auth/request";
import { ThrottledError } from "@/app/_server/auth/sessions";
import type { z } from "zod";
import { ServiceError, ValidationError, zodIssues, type FieldIssue } from "@/app/_server/errors";

export const MAX_BODY_BYTES = 1024 * 1024;

/** An error that already knows its HTTP answer. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: FieldIssue[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function json(data: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(data), { status, headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers } });
}

function errorResponse(status: number, code: string, message: string, issues: FieldIssue[] = [], headers: Record<string, string> = {}, details: Record<string, unknown> = {}): Response {
  const body: ApiError = { error: { ...details, code, message, issues } };
  return json(body, status, headers);
}

const SERVICE_STATUS: Record<ServiceError["code"], number> = { invalid_request: 422, not_found: 404, conflict: 409, unauthorized: 401, forbidden: 403, rate_limited: 429 };

export function toErrorResponse(e: unknown): Response {
  if (e instanceof HttpError) return errorResponse(e.status, e.code, e.message, e.issues, e.headers);
  if (e instanceof ThrottledError) return errorResponse(429, e.code, e.message, e.issues, { "retry-after": String(e.retryAfterSeconds) });
  if (e instanceof ServiceError) return errorResponse(SERVICE_STATUS[e.code], e.code, e.message, e.issues, {}, e.details);
  // Another process held the database past the busy timeout: safe to retry (intake is idempotent).
  if (e instanceof Error && "code" in e && (e.code === "SQLITE_BUSY" || e.code === "SQLITE_LOCKED"))
    return errorResponse(503, "busy", "the database is busy; retry the same request", [], { "retry-after": "1" });
  // Last resort: a generic message only; the details go to the log under a reference.
  const ref = randomUUID();
  console.error(`[pauta] unexpected error (ref ${ref})`, e);
  return errorResponse(500, "internal", `unexpected server error (ref ${ref}); it was logged`);
}

const DRAIN_LIMIT_BYTES = 16 * 1024 * 1024;

async function drain(reader: ReadableStreamDefaultReader<Uint8Array>, budget: number): Promise<void> {
  let left = budget;
  while (left > 0) {
    const { done, value } = await reader.read();
    if (done) return;
    left -= value.byteLength;
  }
  await reader.cancel().catch(() => undefined);
}

/** Read the body, refusing more than `limit` bytes whatever Content-Length claims. */
export async function readBodyText(req: Request, limit = MAX_BODY_BYTES): Promise<string> {
  const tooLarge = () =>
    new HttpError(413, "payload_too_large", `the body is larger than ${limit} bytes`, [{ path: "body", message: `at most ${limit} bytes` }], { connection: "close" });
  const declared = Number(req.headers.get("content-length") ?? "");
  if (!req.body) return "";
  const reader = req.body.getReader();
  if (Number.isFinite(declared) && declared > limit) {
    await drain(reader, DRAIN_LIMIT_BYTES);
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      // Drain a bounded remainder so the client reads our 413 on a reusable connection; past that, cut it.
      await drain(reader, DRAIN_LIMIT_BYTES - total);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export async function readJson(req: Request): Promise<unknown> {
  const text = await readBodyText(req);
  if (!text.trim()) throw new HttpError(400, "invalid_json", "the body must be a JSON document", [{ path: "body", message: "empty body" }]);
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new HttpError(400, "invalid_json", "the body is not valid JSON", [{ path: "body", message: e instanceof Error ? e.message : "invalid JSON" }]);
  }
}

/** The body parsed with its schema: 400 for bad JSON, 422 with one issue per offending field. */
export async function readBody<S extends z.ZodType>(req: Request, schema: S, what: string): Promise<z.infer<S>> {
  const body = schema.safeParse(await readJson(req));
  if (!body.success) throw new ValidationError(`invalid ${what}`, zodIssues(body.error));
  return body.data;
}

/** A `:version` path segment: a positive whole number, else 400. */
export function versionParam(v: string): number {
  if (!/^[1-9]\d{0,8}$/.test(v)) throw new HttpError(400, "invalid_request", "the version must be a positive whole number", [{ path: "version", message: "use 1, 2, 3…" }]);
  return Number(v);
}

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const CHALLENGE = { "www-authenticate": 'Bearer realm="pauta"' };

/** Who is calling and whether they may: 401 without (valid) credentials, 403 for CSRF or a missing role/scope. */
function authorize(req: Request, ctx: ServiceContext, permission: Permission): Credentials & { actor: NonNullable<Actor> } {
  const c = resolveCredentials(ctx, req.headers);
  if (c.authError) throw new HttpError(401, "unauthorized", c.authError.message, [c.authError.issue], CHALLENGE);
  if (!c.actor)
    throw new HttpError(
      401,
      "unauthorized",
      "an API key or a session is required",
      [{ path: "headers.authorization", message: "send Authorization: Bearer <api key>, or sign in" }],
      CHALLENGE,
    );
  // Cookies ride along on cross-site requests; the header proves the caller read our CSRF cookie.
  if (MUTATING.has(req.method) && !c.csrf.ok) throw new HttpError(403, "csrf", c.csrf.message, [{ path: "headers.x-csrf-token", message: c.csrf.message }]);
  requirePermission(c.actor, permission);
  return { ...c, actor: c.actor };
}

/** A second permission inside a route (e.g. import that also publishes): 403 naming what is needed. */
export function requirePermission(caller: Actor, permission: Permission): void {
  if (!can(caller, permission)) {
    const message = forbiddenMessage(caller, permission);
    throw new HttpError(403, "forbidden", message, [{ path: caller?.kind === "api_key" ? "headers.authorization" : "session", message }]);
  }
}

export interface ApiCall<P> {
  req: Request;
  params: P;
  query: URLSearchParams;
  ctx: ServiceContext;
  /** who is calling; null only on public routes */
  caller: Actor;
  /** "user:<email>", "api_key:<prefix>" or "anonymous", for the audit log */
  actor: string;
  /** the resolved credentials (session, CSRF state) — public routes get them too, unchecked */
  credentials: Credentials;
}

/**
 * Wrap a route handler. `permission` names what the caller needs (auth/permissions.ts); `null`
 * means public (health, OpenAPI, sign-in), where credentials are still resolved but not required.
 */
export function route<P extends Record<string, string | string[]> = Record<string, never>>(
  opts: { permission: Permission | null },
  fn: (call: ApiCall<P>) => Promise<Response> | Response,
): (req: Request, routeCtx: { params: Promise<P> }) => Promise<Response> {
  return async (req, routeCtx) => {
    try {
      const ctx = { db: getDb() };
      const credentials = opts.permission ? authorize(req, ctx, opts.permission) : resolveCredentials(ctx, req.headers);
      const params = ((await routeCtx?.params) ?? {}) as P;
      return await fn({ req, params, query: new URL(req.url).searchParams, ctx, caller: credentials.actor, actor: actorLabel(credentials.actor), credentials });
    } catch (e) {
      return toErrorResponse(e);
    }
  };
}

export function notFound(entity: string, id: string): HttpError {
  return new HttpError(404, "not_found", `${entity} '${id}' not found`, [{ path: "id", message: `no ${entity} with this id` }]);
}
