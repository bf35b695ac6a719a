import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import type { JsonValue } from "@/schemas";
import { AuditQuery, type AuditPage } from "@/schemas/resources";
import type { ServiceContext } from "../db/client";
import type { Exec } from "../db/tx";
import { ValidationError, zodIssues } from "../errors";
import { auditLog, type AuditAction } from "../db/schema";

/** Append one audit row; call it inside the mutation's own transaction so both commit or neither. */
export function emitAudit(tx: Exec, entry: { actor: string; action: AuditAction; entityId: string; before?: JsonValue; after?: JsonValue; at?: string }): void {
  tx.insert(auditLog)
    .values({
      at: entry.at ?? new Date().toISOString(),
      actor: entry.actor,
      action: entry.action,
      entityId: entry.entityId,
      before: entry.before ?? null,
      after: entry.after ?? null,
    })
    .run();
}

/** Configuration changes, newest first. */
export function listAuditLog(ctx: ServiceContext, input: Record<string, string | number | null | undefined>): AuditPage {
  const parsed = AuditQuery.safeParse(input);
  if (!parsed.success) throw new ValidationError("invalid audit query", zodIssues(parsed.error));
  const q = parsed.data;
  const where: SQL[] = [];
  if (q.entityId) where.push(eq(auditLog.entityId, q.entityId));
  if (q.action) where.push(eq(auditLog.action, q.action));
  if (q.cursor) where.push(lt(auditLog.id, Number(q.cursor)));
  const rows = ctx.db
    .select()
    .from(auditLog)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(q.limit + 1)
    .all();
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({ id: r.id, at: r.at, actor: r.actor, action: r.action, entityId: r.entityId, before: r.before ?? null, after: r.after ?? null })),
    nextCursor: rows.length > q.limit && last ? String(last.id) : null,
  };
}
