import { openDb } from "@/app/_server/db/client";
import { ingestCasesBulk } from "@/app/_server/services/cases";
import { axeReport, expect, test } from "../fixtures";

// A backtest from a version's page: thousands of stored cases (seeded through the app's own intake,
// ingestCasesBulk, on the e2e server's database file), a version that sends one plan's cases to
// another queue, a progress bar that moves while the worker thread runs, the summary with the
// changed count computed here from the seeded inputs, and a changed case that links to its page.
const uid = Date.now().toString(36);
const PLAYBOOK = `e2e-backtest-${uid}`;
// Each stored decision carries the trace of every published playbook (the sample ones too): intake
// costs 3–4 ms a case here on a busy 2-core machine, so 6,000 cases (about 20 s to seed) are enough
// for a run of a few seconds in the worker, which the 500 ms polling sees move.
const CASES = 6_000;
const CHUNK = 2_000;
const PLANS = ["pro", "plus", "basic", "basic"] as const;
const planOf = (i: number) => PLANS[i % PLANS.length]!;

const rule = (id: string, name: string, priority: number, plans: string[], queue: string) => ({
  id,
  name,
  priority,
  conditions: { all: [{ fact: "attributes", path: "$.plan", operator: "in", value: plans }] },
  actions: [{ type: "route", queue }],
});
const playbook = (ventasPlans: string[]) => ({
  schemaVersion: 1,
  id: PLAYBOOK,
  kind: "routing",
  name: "Backtest E2E",
  // Lowest precedence number: this playbook's queue wins over any other published one for these cases.
  precedence: 0,
  settings: { conflictStrategy: "first_match" },
  trigger: { condition: { all: [{ fact: "attributes", path: "$.account", operator: "equal", value: PLAYBOOK }] } },
  rules: [rule("ventas", "Planes de pago a ventas", 10, ventasPlans, "ventas"), rule("resto", "El resto a general", 1, ["pro", "plus", "basic"], "general")],
});

/** The cases whose outcome v2 changes: plan "plus" moves from general to ventas. */
const changedIds = new Set<string>();
let storedCases = 0;

test.use({ role: "strategist" });


test.beforeAll(async ({ request }) => {
  test.setTimeout(60_000);
  const auth = { authorization: `Bearer ${process.env.PAUTA_E2E_API_KEY}` };
  const v1 = await request.post("/api/v1/playbooks?publish=true&comment=solo%20pro%20a%20ventas", { headers: auth, data: playbook(["pro"]) });
  expect(v1.status(), await v1.text()).toBe(201);
  const v2 = await request.post("/api/v1/playbooks", { headers: auth, data: playbook(["pro", "plus"]) });
  expect(v2.status(), await v2.text()).toBe(201);

  const dbPath = process.env.PAUTA_E2E_DB_PATH;
  if (!dbPath) throw new Error("PAUTA_E2E_DB_PATH is not set: run through playwright.config.ts");
  const { db, sqlite } = openDb(dbPath);
  const t0 = performance.now();
  try {
    const now = Date.now();
    for (let start = 0; start < CASES; start += CHUNK) {
      const inputs = Array.from({ length: Math.min(CHUNK, CASES - start) }, (_, k) => {
        const i = start + k;
        return {
          externalId: `bt-${uid}-${i}`,
          channel: (["whatsapp", "email", "webchat"] as const)[i % 3],
          text: "Hola, quiero información de mi plan",
          customer: { id: `bt-${uid}-cust-${i % 400}`, name: "Cliente de prueba", tier: "standard", country: "MX" },
          attributes: { account: PLAYBOOK, plan: planOf(i) },
          receivedAt: new Date(now - (i + 1) * 1000).toISOString(),
        };
      });
      const created = await ingestCasesBulk({ db }, inputs);
      created.forEach((c, k) => {
        if (planOf(start + k) === "plus") changedIds.add(c.caseId);
      });
    }
    storedCases = (sqlite.prepare("select count(*) as n from cases join decisions on decisions.case_id = cases.id where decisions.subject = 'case'").get() as { n: number }).n;
  } finally {
    sqlite.close();
  }
  test.info().annotations.push({ type: "seeding", description: `${CASES} cases in ${Math.round(performance.now() - t0)} ms` });
});

test("a backtest of a version shows its progress, then how many cases change and which", async ({ page }) => {
  const expected = changedIds.size;
  expect(expected).toBe(CASES / PLANS.length);
  const n = (x: number) => x.toLocaleString("es-MX");

  await page.goto(`/playbooks/${PLAYBOOK}/versions/2#backtest`);
  const panel = page.locator("#backtest");
  await expect(panel.getByRole("heading", { name: "Backtest con casos pasados" })).toBeVisible();
  await panel.getByLabel("Casos más recientes").fill("100000");
  const t0 = Date.now();
  await panel.getByRole("button", { name: "Ejecutar backtest" }).click();

  // The bar moves: at some point strictly between 0 and the number of cases selected.
  const bar = panel.getByRole("progressbar", { name: "Progreso del backtest" });
  await expect(bar).toBeVisible();
  await page.waitForFunction(() => {
    const el = document.querySelector('#backtest [role="progressbar"]');
    const now = Number(el?.getAttribute("aria-valuenow"));
    const max = Number(el?.getAttribute("aria-valuemax"));
    return max > 0 && now > 0 && now < max;
  });
  await expect(bar).toHaveAttribute("aria-valuetext", / de /);
  await expect(panel.getByRole("button", { name: "Cancelar" })).toBeEnabled();

  // Done: every stored case compared, exactly the "plus" ones change, all of them general → ventas.
  const result = panel.getByTestId("backtest-result");
  await expect(result).toBeVisible({ timeout: 30_000 });
  test.info().annotations.push({ type: "backtest", description: `${storedCases} cases in about ${Date.now() - t0} ms (UI time)` });
  await expect(bar).toHaveCount(0);
  await expect(result.getByTestId("backtest-compared")).toHaveText(n(storedCases));
  await expect(result.getByTestId("backtest-changed")).toHaveText(n(expected));
  await expect(result.getByTestId("backtest-errors")).toHaveText("0");
  await expect(result.getByTestId("backtest-baseline")).toContainText("Frente a la versión publicada v1.");
  await expect(result.getByTestId("backtest-by-field").locator('[data-field="queue"]')).toContainText(n(expected));
  await expect(result.getByTestId("backtest-moves")).toContainText(`general → ventas ×${n(expected)}`);

  // The per-case list: pages of 50, each row a changed case with before → after, linking to the case.
  const rows = result.getByTestId("backtest-cases").locator("li");
  await expect(rows).toHaveCount(50);
  await result.getByTestId("backtest-more").click();
  await expect(rows).toHaveCount(100);
  const first = rows.first();
  await expect(first.locator('[data-field="queue"]')).toHaveText(/Cola\s*general\s*→\s*ventas/);
  const link = first.getByRole("link");
  const href = (await link.getAttribute("href")) ?? "";
  const caseId = decodeURIComponent(href.replace(/^\/cases\//, ""));
  expect(changedIds.has(caseId), `${href} is one of the seeded "plus" cases`).toBe(true);
  expect(await axeReport(page), "axe: serious or critical violations").toBe("");

  // It is listed among the playbook's backtests, and the row opens the case.
  await expect(panel.getByTestId("backtest-history").getByRole("button", { pressed: true })).toContainText("v2");
  await link.click();
  await expect(page).toHaveURL(new RegExp(`/cases/${caseId}$`));
  await expect(page.getByText(`bt-${uid}-`).first()).toBeVisible();
});
