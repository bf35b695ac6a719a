import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type BrowserContext, type Page } from "@playwright/test";
import type { Role } from "@/schemas/users";
import { loginAs as loginOverHttp, type TestSession } from "../support/auth";

function required(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run the tests through playwright.config.ts (its global setup starts the server)`);
  return v;
}

/** Put a session for `role` into the browser context (signed in through the API, not the form). */
export async function loginAs(target: Page | BrowserContext, role: Role): Promise<TestSession> {
  const baseUrl = required("PAUTA_E2E_BASE_URL");
  const s = await loginOverHttp(baseUrl, role);
  const context = "context" in target ? target.context() : target;
  await context.clearCookies();
  await context.addCookies([
    { name: "pauta_session", value: s.token, url: baseUrl, httpOnly: true, sameSite: "Lax" },
    { name: "pauta_csrf", value: s.csrf, url: baseUrl, sameSite: "Lax" },
  ]);
  return s;
}

/**
 * baseURL and the admin API key of the server started by global-setup.ts. Every test starts signed
 * in as `role` (admin by default); `test.use({ role: "auditor" })` changes it, `{ role: null }` starts signed out.
 */
export const test = base.extend<{ apiKey: string; role: Role | null }>({
  role: ["admin", { option: true }],
  baseURL: async ({}, use) => {
    await use(required("PAUTA_E2E_BASE_URL"));
  },
  apiKey: async ({}, use) => {
    await use(required("PAUTA_E2E_API_KEY"));
  },
  context: async ({ context, role }, use) => {
    if (role) await loginAs(context, role);
    await use(context);
  },
});

/** Serious or critical axe violations on the page as it is now, one readable block each ("" when none). */
export async function axeReport(page: Page): Promise<string> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  return bad.map((v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `  ${n.target.join(" ")} — ${n.failureSummary?.replace(/\n/g, " ")}`).join("\n")}`).join("\n");
}

export { expect };
