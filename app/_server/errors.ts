/** The closed set of failures services report; the HTTP and tRPC boundaries map them once. */
export type ServiceErrorCode = "invalid_request" | "not_found" | "conflict" | "unauthorized" | "forbidden" | "rate_limited";

export interface FieldIssue {
  path: string;
  message: string;
  code?: string;
}

export class ServiceError extends Error {
  constructor(
    readonly code: ServiceErrorCode,
    message: string,
    readonly issues: FieldIssue[] = [],
    options?: { cause?: unknown; details?: Record<string, unknown> },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "ServiceError";
    this.details = options?.details;
  }
  /** Machine-readable fields beside the message (e.g. a stale draft's `current`); both boundaries pass them on. */
  readonly details: Record<string, unknown> | undefined;
}

export class NotFoundError extends ServiceError {
  constructor(entity: string, id: string) {
    super("not_found", `${entity} '${id}' not found`, [{ path: "id", message: `no ${entity} with id '${id}'` }]);
  }
}

export class ValidationError extends ServiceError {
  constructor(message: string, issues: FieldIssue[]) {
    super("invalid_request", message, issues);
  }
}

/** zod issue path → "customer.tier" ("body" for the whole value). */
export function issuePath(p: readonly PropertyKey[]): string {
  return p.length ? p.map(String).join(".") : "body";
}

export function zodIssues(error: { issues: readonly { path: readonly PropertyKey[]; message: string; code?: string }[] }, prefix?: string): FieldIssue[] {
  return error.issues.map((i) => ({ path: issuePath(prefix ? [prefix, ...i.path] : i.path), message: i.message, code: i.code }));
}
