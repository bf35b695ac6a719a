import { test as base, expect } from "@playwright/test";

function required(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run the tests through playwright.config.ts (its global setup starts the server)`);
  return v;
}

/** baseURL and the admin API key of the server started by global-setup.ts. */
export const test = base.extend<{ apiKey: string }>({
  baseURL: async ({}, use) => {
    await use(required("PAUTA_E2E_BASE_URL"));
  },
  apiKey: async ({}, use) => {
    await use(required("PAUTA_E2E_API_KEY"));
  },
});

export { expect };
