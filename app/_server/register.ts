import { env, EnvError } from "./env";
import { getDb } from "./db/client";
import { startScheduler } from "./scheduler";
import { startPauta, warmUp } from "./startup";
import { startWebhookLoop } from "./webhook-loop";

/** Start-up for `next start`: a bad configuration or a failed migration stops the process with its message. */
export async function registerNode(): Promise<void> {
  // Build-time page collection also loads instrumentation; it must not open or migrate the database.
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  try {
    await startPauta();
  } catch (e) {
    console.error(e instanceof EnvError ? e.message : e);
    console.error("[pauta] start-up failed; exiting");
    process.exit(1);
  }
  // Scheduled publishes (and every other timer row) fire from here on.
  startScheduler({ db: getDb() });
  // Notifications leave for their webhooks from here on (retries and dead letters included).
  startWebhookLoop({ db: getDb() }, { maxAttempts: env().PAUTA_WEBHOOK_MAX_ATTEMPTS, retryBaseMs: env().PAUTA_WEBHOOK_RETRY_BASE_MS });
  // A failed warm-up only costs the first case some time; it is not a reason to stop.
  await warmUp().catch((e: unknown) => console.warn("[pauta] warm-up failed", e));
}
