// Timers are rows, not setTimeouts. The scheduler (one loop per app process) claims a due timer and
// runs its handler in one immediate transaction: with several processes exactly one fires it, a
// crash before the commit leaves it pending, and a restart resumes where the rows say.
import { randomUUID } from "node:crypto";
import { and, asc, eq, isNull, lte } from "drizzle-orm";
import type { ServiceContext } from "../db/client";
import type { Exec } from "../db/tx";
import { timers } from "../db/schema";

export type TimerRow = typeof timers.$inferSelect;

export interface TimerHandler {
  /** Do the work inside the claiming transaction; the returned text is stored as the timer's result. */
  run(tx: Exec, timer: TimerRow, now: Date): string;
  /** After `run` threw (its transaction rolled back): record the failure where people will see it. */
  failed?(tx: Exec, timer: TimerRow, now: Date, error: unknown): void;
}

export function addTimer(tx: Exec, t: { kind: string; refId: string; dueAt: string; now: Date; payload?: string }): string {
  const id = randomUUID();
  tx.insert(timers)
    .values({ id, kind: t.kind, refId: t.refId, dueAt: new Date(t.dueAt).toISOString(), createdAt: t.now.toISOString(), ...(t.payload !== undefined ? { payload: t.payload } : {}) })
    .run();
  return id;
}

/** Cancel the pending timers of a row (all kinds, or one). */
export function cancelTimers(tx: Exec, refId: string, now: Date, kind?: string): void {
  tx.update(timers)
    .set({ cancelledAt: now.toISOString() })
    .where(and(eq(timers.refId, refId), isNull(timers.firedAt), isNull(timers.cancelledAt), kind ? eq(timers.kind, kind) : undefined))
    .run();
}

/**
 * Fire every timer due at `now` (oldest first), each in its own immediate transaction. Returns how
 * many fired. A handler that throws is rolled back to a savepoint, its timer is marked fired with
 * the error (no endless retries) and `failed` records it; the other timers still fire.
 */
export function fireDueTimers(ctx: ServiceContext, now: Date, handlers: Readonly<Record<string, TimerHandler>>, max = 100): number {
  const at = now.toISOString();
  let fired = 0;
  while (fired < max) {
    const claimed = ctx.db.transaction(
      (tx) => {
        const t = tx
          .select()
          .from(timers)
          .where(and(isNull(timers.firedAt), isNull(timers.cancelledAt), lte(timers.dueAt, at)))
          .orderBy(asc(timers.dueAt), asc(timers.createdAt))
          .limit(1)
          .get();
        if (!t) return undefined;
        const handler = handlers[t.kind];
        let result: string;
        try {
          result = handler ? tx.transaction((inner) => handler.run(inner, t, now)) : `no handler for timer kind '${t.kind}'`;
        } catch (e) {
          console.error(`[pauta] timer ${t.kind} ${t.id} failed`, e);
          handler?.failed?.(tx, t, now, e);
          result = `error: ${e instanceof Error ? e.message : String(e)}`;
        }
        tx.update(timers).set({ firedAt: at, result }).where(eq(timers.id, t.id)).run();
        return t;
      },
      { behavior: "immediate" },
    );
    if (!claimed) break;
    fired++;
  }
  return fired;
}
