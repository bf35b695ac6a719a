// tRPC for the UI, in three parts: context, init, procedures. Machines use /api/v1 instead.
import { initTRPC, TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { getDb, type Db } from "../db/client";
import { ServiceError, zodIssues, type FieldIssue } from "../errors";
import { actorLabel, can, forbiddenMessage, type Actor, type Permission } from "../auth/permissions";
import { resolveCredentials, type Credentials } from "../auth/request";

// 1. Context -----------------------------------------------------------------------------------

/** What every procedure sees. Tests build it directly with their own database and actor, no HTTP involved. */
export interface Context {
  db: Db;
  actor: Actor;
  /** The audit log's actor string: "user:<email>" or "api_key:<prefix>". */
  actorLabel: string;
  /** Whether a cookie-authenticated mutation carried the right x-csrf-token (always ok for API keys and tests). */
  csrf: Credentials["csrf"];
  authError?: Credentials["authError"];
}

export function createInnerContext(opts: { db: Db; actor?: Actor; csrf?: Credentials["csrf"] }): Context {
  const actor = opts.actor ?? null;
  return { db: opts.db, actor, actorLabel: actorLabel(actor), csrf: opts.csrf ?? { ok: true } };
}

/** Per request: the process-wide database and whoever the cookie or Bearer key says is calling. */
export function createTRPCContext(opts: { headers: Headers }): Context {
  const db = getDb();
  const c = resolveCredentials({ db }, opts.headers);
  return { ...createInnerContext({ db, actor: c.actor, csrf: c.csrf }), authError: c.authError };
}

// 2. Init ---------------------------------------------------------------------------------------

/** Procedure metadata: the permission it checks, read by the authorization-matrix test. */
export interface Meta {
  permission?: Permission | null;
}

const t = initTRPC.context<Context>().meta<Meta>().create({
  errorFormatter({ shape, error }) {
    // Field-level issues travel with the error, like the HTTP API's ApiError body.
    let issues: FieldIssue[] = [];
    let details: Record<string, unknown> = {};
    if (error.cause instanceof ZodError) issues = zodIssues(error.cause);
    else if (error.cause instanceof ServiceError) ({ issues, details = {} } = error.cause);
    return { ...shape, data: { ...details, ...shape.data, issues, stack: undefined } };
  },
});

const CODE: Record<ServiceError["code"], TRPCError["code"]> = {
  invalid_request: "BAD_REQUEST",
  not_found: "NOT_FOUND",
  conflict: "CONFLICT",
  unauthorized: "UNAUTHORIZED",
  forbidden: "FORBIDDEN",
  rate_limited: "TOO_MANY_REQUESTS",
};

/** Service errors map once, here; anything unknown becomes a generic message with the original as cause. */
const serviceErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof ServiceError) throw new TRPCError({ code: CODE[cause.code], message: cause.message, cause });
  }
  return result;
});

// 3. Procedures ---------------------------------------------------------------------------------

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;
/** No credentials needed: only for what a signed-out browser must reach (the invitation page). */
export const publicProcedure = t.procedure.use(serviceErrors).meta({ permission: null });

/**
 * Every other procedure names the permission it needs (see auth/permissions.ts). Order: no or bad
 * credentials → 401; a cookie mutation without the CSRF header → 403; a role or scope short → 403
 * saying which role or scope would do.
 */
export function authorizedProcedure(permission: Permission) {
  return publicProcedure
    .use(({ ctx, type, next }) => {
      if (!ctx.actor)
        throw new TRPCError({ code: "UNAUTHORIZED", message: ctx.authError ? ctx.authError.message : "sign in first (or send Authorization: Bearer <api key>)" });
      if (type === "mutation" && !ctx.csrf.ok) throw new TRPCError({ code: "FORBIDDEN", message: ctx.csrf.message });
      if (!can(ctx.actor, permission)) throw new TRPCError({ code: "FORBIDDEN", message: forbiddenMessage(ctx.actor, permission) });
      return next({ ctx: { ...ctx, actor: ctx.actor } });
    })
    .meta({ permission });
}
