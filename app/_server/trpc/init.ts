// tRPC for the UI, in three parts: context, init, procedures. Machines use /api/v1 instead.
import { initTRPC, TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { getDb, type Db } from "../db/client";
import { ServiceError, zodIssues, type FieldIssue } from "../errors";

// 1. Context -----------------------------------------------------------------------------------

/** What every procedure sees. Tests build it directly with their own database, no HTTP involved. */
export interface Context {
  db: Db;
}

export function createInnerContext(opts: { db: Db }): Context {
  return { db: opts.db };
}

/** Per request: the process-wide database. Accounts arrive in a later issue; the UI is read-only until then. */
export function createTRPCContext(_opts: { headers: Headers }): Context {
  return createInnerContext({ db: getDb() });
}

// 2. Init ---------------------------------------------------------------------------------------

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    // Field-level issues travel with the error, like the HTTP API's ApiError body.
    let issues: FieldIssue[] = [];
    if (error.cause instanceof ZodError) issues = zodIssues(error.cause);
    else if (error.cause instanceof ServiceError) issues = error.cause.issues;
    return { ...shape, data: { ...shape.data, issues, stack: undefined } };
  },
});

const CODE: Record<ServiceError["code"], TRPCError["code"]> = {
  invalid_request: "BAD_REQUEST",
  not_found: "NOT_FOUND",
  conflict: "CONFLICT",
  unauthorized: "UNAUTHORIZED",
  forbidden: "FORBIDDEN",
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
export const publicProcedure = t.procedure.use(serviceErrors);
