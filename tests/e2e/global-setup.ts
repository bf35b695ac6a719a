import type { FullConfig } from "@playwright/test";
import { startServer } from "../support/server";

/**
 * One real server (production build, fresh SQLite, bootstrap API key, first admin from
 * PAUTA_ADMIN_EMAIL/PASSWORD — see tests/support/server.ts) for the whole run. Other roles are
 * invited through the app on first use (tests/support/auth.ts).
 */
export default async function globalSetup(_config: FullConfig): Promise<() => Promise<void>> {
  // Webhook retries in milliseconds, not minutes, so a dead letter shows within a spec's patience.
  const server = await startServer({ timeoutMs: 90_000, env: { PAUTA_WEBHOOK_RETRY_BASE_MS: "200", PAUTA_WEBHOOK_MAX_ATTEMPTS: "3" } });
  // Workers are started after global setup and inherit these.
  process.env.PAUTA_E2E_BASE_URL = server.baseUrl;
  process.env.PAUTA_E2E_API_KEY = server.apiKey;
  // Specs that seed many rows call the app's own services on this file (e.g. ingestCasesBulk).
  process.env.PAUTA_E2E_DB_PATH = server.dbPath;
  return async () => {
    await server.stop();
  };
}
