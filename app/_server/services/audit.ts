import { and, desc, eq, gte, lt, sql, type SQL } from "drizzle-orm";
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
  // The entity regex allows only [a-z_]; "_" is a LIKE wildcard, so escape it.
  if (q.entity) where.push(sql`${auditLog.action} LIKE ${q.entity.replace(/_/g, "\\_") + ".%"} ESCAPE '\\'`);
  if (q.actor) where.push(eq(auditLog.actor, q.actor));
  if (q.from) where.push(gte(auditLog.at, boundary(q.from, false)));
  if (q.to) where.push(lt(auditLog.at, boundary(q.to, true)));
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

/** Stored times are UTC toISOString() strings, so bounds compare as text once normalised; a bare date as `to` includes that day. */
function boundary(value: string, isEnd: boolean): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const d = new Date(`${value}T00:00:00.000Z`);
    if (isEnd) d.setUTCDate(d.getUTCDate() + 1);
    return d.toISOString();
  }
  return new Date(value).toISOString();
}

/** The distinct actors and entity kinds in the log, for the history page's filter menus. */
export function auditFacets(ctx: ServiceContext): { actors: string[]; entities: string[]; actions: string[] } {
  const actors = ctx.db.selectDistinct({ v: auditLog.actor }).from(auditLog).orderBy(auditLog.actor).limit(500).all().map((r) => r.v);
  const actions = ctx.db.selectDistinct({ v: auditLog.action }).from(auditLog).orderBy(auditLog.action).limit(500).all().map((r) => r.v);
  const entities = [...new Set(actions.map((a) => a.split(".")[0] ?? a))];
  return { actors, entities, actions };
}
