// The app process's scheduler loop: every half second it fires the timers that are due (see
// services/timers.ts). Each process runs one; the rows decide, so several processes never double a timer.
import type { ServiceContext } from "./db/client";
import { SLA_TIMERS } from "./services/effects";
import { CRISIS_TIMERS } from "./services/crisis";
import { SCHEDULE_TIMERS, type Clock } from "./services/publishing";
import { fireDueTimers, type TimerHandler } from "./services/timers";

/** Every timer kind the app knows, by kind. */
export const TIMER_HANDLERS: Readonly<Record<string, TimerHandler>> = { ...SCHEDULE_TIMERS, ...SLA_TIMERS, ...CRISIS_TIMERS };

export const SCHEDULER_INTERVAL_MS = 500;

const g = globalThis as unknown as { __pautaScheduler?: ReturnType<typeof setInterval> };

/** Start the loop once per process (idempotent). Returns a stop function. */
export function startScheduler(ctx: ServiceContext, clock: Clock = { now: () => new Date() }, intervalMs = SCHEDULER_INTERVAL_MS): () => void {
  if (!g.__pautaScheduler) {
    let busy = false;
    const tick = () => {
      // (A drain scheduled just before stop() finds the loop stopped.)
      if (busy || !g.__pautaScheduler) return;
      busy = true;
      let full = false;
      try {
        full = fireDueTimers(ctx, clock.now(), TIMER_HANDLERS, BATCH) === BATCH;
      } catch (e) {
        // Busy database or a bug: the timers stay pending and the next tick tries again.
        console.error("[pauta] scheduler tick failed", e);
      } finally {
        busy = false;
      }
      // A backlog (many steps due at once) drains batch after batch, letting requests in between.
      if (full && g.__pautaScheduler) setImmediate(tick);
    };
    g.__pautaScheduler = setInterval(tick, intervalMs);
    g.__pautaScheduler.unref();
  }
  return () => {
    if (g.__pautaScheduler) clearInterval(g.__pautaScheduler);
    g.__pautaScheduler = undefined;
  };
}

/** Timers fired per batch before the loop yields to other work. */
const BATCH = 50;
