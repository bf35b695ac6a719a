import type { FullConfig } from "@playwright/test";
import { startServer } from "../support/server";

/** One real server (production build, fresh SQLite, bootstrap API key) for the whole run. */
export default async function globalSetup(_config: FullConfig): Promise<() => Promise<void>> {
  const server = await startServer({ timeoutMs: 90_000 });
  // Workers are started after global setup and inherit these.
  process.env.PAUTA_E2E_BASE_URL = server.baseUrl;
  process.env.PAUTA_E2E_API_KEY = server.apiKey;
  return async () => {
    await server.stop();
  };
}
