import { waitReady } from "../../support/editor";
import { expect, test } from "../fixtures";

// The editor's "Backtest": the panel opens in the side area and tries the saved draft (saved first).
// This playbook's trigger matches none of the stored cases, so whatever the draft says, none of the
// cases compared changes.
const uid = Date.now().toString(36);
const PLAYBOOK = `e2e-bt-editor-${uid}`;

test.use({ role: "operator" });

test("the editor's Backtest runs the saved draft on stored cases and shows the result in the side area", async ({ page, request, apiKey }) => {
  const doc = {
    schemaVersion: 1,
    id: PLAYBOOK,
    kind: "routing",
    name: "Backtest desde el editor",
    trigger: { condition: { all: [{ fact: "attributes", path: "$.account", operator: "equal", value: PLAYBOOK }] } },
    rules: [{ id: "todo", name: "Todo a general", priority: 1, conditions: { all: [{ fact: "attributes", path: "$.account", operator: "equal", value: PLAYBOOK }] }, actions: [{ type: "route", queue: "general" }] }],
  };
  const v1 = await request.post("/api/v1/playbooks?publish=true&comment=primera", { headers: { authorization: `Bearer ${apiKey}` }, data: doc });
  expect(v1.status(), await v1.text()).toBe(201);
  // Some stored case to compare (intake over the API, for another account).
  const c = await request.post("/api/v1/cases", { headers: { authorization: `Bearer ${apiKey}` }, data: { externalId: `bt-ed-${uid}`, channel: "email", text: "Hola", customer: { id: `bt-ed-${uid}`, name: "Ana" }, attributes: { account: "otra" } } });
  expect(c.status(), await c.text()).toBe(201);

  await page.goto(`/playbooks/${PLAYBOOK}/edit`);
  await waitReady(page);
  const button = page.getByTestId("backtest");
  await button.click();
  await expect(button).toHaveAttribute("aria-pressed", "true");
  const panel = page.getByTestId("backtest-panel");
  await expect(panel.getByRole("heading", { name: "Backtest con casos pasados" })).toBeVisible();
  await expect(panel.getByText("Todavía no hay backtests de este playbook.")).toBeVisible();

  await panel.getByLabel("Casos más recientes").fill("200");
  await panel.getByLabel("email").check();
  await panel.getByRole("button", { name: "Ejecutar backtest" }).click();
  const result = panel.getByTestId("backtest-result");
  await expect(result).toBeVisible({ timeout: 30_000 });
  await expect(result).toContainText(/Probado: el borrador guardado \(revisión \d+\)\. Los 200 casos más recientes · canales: email/);
  await expect(result.getByTestId("backtest-changed")).toHaveText("0");
  await expect(result).toContainText("Ningún caso cambiaría");
  await expect(result.getByTestId("backtest-baseline")).toContainText("Frente a la versión publicada v1.");
  await expect(panel.getByTestId("backtest-history").getByRole("button", { pressed: true })).toContainText(/borrador r\d+/);

  await button.click();
  await expect(panel).toHaveCount(0);
});
