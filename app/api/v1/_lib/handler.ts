// The one wrapper every /api/v1 route uses: auth, bounded body reading, JSON parsing and error mapping.
import { randomUUID } from "node:crypto";
import type { ApiError } from "@/schemas";
import { getDb, type ServiceContext } from "@/app/_server/db/client";
import type { ApiScope } from "@/app/_server/db/schema";
import { ServiceError, type FieldIssue } from "@/app/_server/errors";
import { authenticateApiKey, type ApiPrincipal } from "@/app/_server/services/api-keys";

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

function errorResponse(status: number, code: string, message: string, issues: FieldIssue[] = [], headers: Record<string, string> = {}): Response {
  const body: ApiError = { error: { code, message, issues } };
  return json(body, status, headers);
}

const SERVICE_STATUS: Record<ServiceError["code"], number> = { invalid_request: 422, not_found: 404, conflict: 409, unauthorized: 401, forbidden: 403 };

export function toErrorResponse(e: unknown): Response {
  if (e instanceof HttpError) return errorResponse(e.status, e.code, e.message, e.issues, e.headers);
  if (e instanceof ServiceError) return errorResponse(SERVICE_STATUS[e.code], e.code, e.message, e.issues);
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

function authenticate(req: Request, ctx: ServiceContext, scope: ApiScope): ApiPrincipal {
  const header = req.headers.get("authorization");
  const challenge = { "www-authenticate": 'Bearer realm="pauta"' };
  if (!header)
    throw new HttpError(401, "unauthorized", "an API key is required", [{ path: "headers.authorization", message: "send Authorization: Bearer <api key>" }], challenge);
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!m?.[1])
    throw new HttpError(401, "unauthorized", "malformed Authorization header", [{ path: "headers.authorization", message: "use the form: Bearer <api key>" }], challenge);
  const principal = authenticateApiKey(ctx, m[1]);
  if (!principal)
    throw new HttpError(401, "unauthorized", "unknown or revoked API key", [{ path: "headers.authorization", message: "the API key is not valid" }], challenge);
  if (!principal.scopes.includes(scope))
    throw new HttpError(403, "forbidden", `this API key lacks the '${scope}' scope`, [{ path: "headers.authorization", message: `needs scope '${scope}'` }]);
  return principal;
}

export interface ApiCall<P> {
  req: Request;
  params: P;
  query: URLSearchParams;
  ctx: ServiceContext;
  principal: ApiPrincipal | null;
  /** "api_key:<prefix>" for the audit log */
  actor: string;
}

/** Wrap a route handler. `scope: null` means no authentication (health, OpenAPI). */
export function route<P extends Record<string, string | string[]> = Record<string, never>>(
  opts: { scope: ApiScope | null },
  fn: (call: ApiCall<P>) => Promise<Response> | Response,
): (req: Request, routeCtx: { params: Promise<P> }) => Promise<Response> {
  return async (req, routeCtx) => {
    try {
      const ctx = { db: getDb() };
      const principal = opts.scope ? authenticate(req, ctx, opts.scope) : null;
      const params = ((await routeCtx?.params) ?? {}) as P;
      return await fn({ req, params, query: new URL(req.url).searchParams, ctx, principal, actor: principal ? `api_key:${principal.prefix}` : "anonymous" });
    } catch (e) {
      return toErrorResponse(e);
    }
  };
}

export function notFound(entity: string, id: string): HttpError {
  return new HttpError(404, "not_found", `${entity} '${id}' not found`, [{ path: "id", message: `no ${entity} with this id` }]);
}
