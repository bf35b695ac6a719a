// The app process's webhook loop: it sends the deliveries that are due (services/webhooks.ts), then
// sleeps until the next one is due, at most a tick. One per process; leases keep processes apart.
import type { ServiceContext } from "./db/client";
import { deliverDueWebhooks, nextDeliveryDue, type DeliverOptions } from "./services/webhooks";

export const WEBHOOK_TICK_MS = 1000;
/** A backoff shorter than this still waits this long: the loop never spins. */
const MIN_SLEEP_MS = 50;

const g = globalThis as unknown as { __pautaWebhooks?: { stop(): void } };

/** Start the loop once per process (idempotent). Each run awaits the previous one, so it never overlaps itself. */
export function startWebhookLoop(ctx: ServiceContext, opts: DeliverOptions, tickMs = WEBHOOK_TICK_MS): () => void {
  if (!g.__pautaWebhooks) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const run = async () => {
      let sleep = tickMs;
      try {
        await deliverDueWebhooks(ctx, new Date(), { ...opts, done: () => new Date() });
        const next = nextDeliveryDue(ctx);
        if (next) sleep = Math.min(tickMs, Math.max(MIN_SLEEP_MS, next.getTime() - Date.now()));
      } catch (e) {
        // Busy database or a bug: the deliveries stay pending and the next run tries again.
        console.error("[pauta] webhook loop failed", e);
      }
      if (stopped) return;
      timer = setTimeout(() => void run(), sleep);
      timer.unref();
    };
    timer = setTimeout(() => void run(), 0);
    timer.unref();
    g.__pautaWebhooks = {
      stop() {
        stopped = true;
        clearTimeout(timer);
      },
    };
  }
  return () => {
    g.__pautaWebhooks?.stop();
    g.__pautaWebhooks = undefined;
  };
}
