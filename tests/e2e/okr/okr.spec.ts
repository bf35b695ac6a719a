// OKRs in the browser: a strategist creates an OKR set from "Nuevo playbook", sees the lint flag an
// activity-style key result as they type and clear once it is rephrased, and saves a version; the
// example set's dashboard draws a chart per key result with the playbook publishes on its time axis.
import { testRoutingPlaybook } from "../../support/playbooks";
import { axeReport, expect, test } from "../fixtures";

const run = Date.now().toString(36);

test.describe("as a strategist", () => {
  test.use({ role: "strategist" });

  test("creates an OKR set, sees the activity-style key result flagged, rephrases it and saves a version", async ({ page }) => {
    await page.goto("/playbooks");
    await page.getByRole("button", { name: "Nuevo playbook" }).click();
    const form = page.getByTestId("new-playbook-form");
    await form.getByRole("radio", { name: /^OKR/ }).check();
    await form.getByLabel("Nombre").fill(`OKR e2e ${run}`);
    await form.getByRole("button", { name: "Crear y abrir el formulario" }).click();
    await expect(page).toHaveURL(/\/playbooks\/okr-e2e-[a-z0-9]+\/edit$/);

    await expect(page.getByText("Todavía no hay objetivos")).toBeVisible();
    await page.getByRole("button", { name: "Añadir un objetivo" }).click();
    const objective = page.getByRole("region", { name: /^Objetivo 1/ });
    await objective.getByLabel("Título del objetivo").fill("Clientes que recomiendan la marca");
    const kr = objective.getByRole("listitem", { name: /^Resultado clave 1/ });
    await kr.getByLabel("Resultado que esperas").fill("Analizar las encuestas de CSAT");
    await kr.getByLabel("Métrica").selectOption("csat_avg");
    await kr.getByLabel(/^Meta/).fill("4,5");
    await kr.getByLabel("Fecha meta").fill("2026-12-31");

    // The advice sits on the key result's title and in the summary, while the set is still unsaved.
    await expect(kr).toContainText("describe una actividad");
    await expect(page.getByTestId("okr-lint")).toContainText("describe una actividad");
    expect(await axeReport(page)).toBe("");

    await kr.getByLabel("Resultado que esperas").fill("CSAT promedio de 4,5 en WhatsApp");
    await expect(kr).not.toContainText("describe una actividad");
    await expect(page.getByTestId("okr-lint")).not.toContainText("describe una actividad");

    await page.getByLabel("Comentario de la versión (opcional)").fill("Primer conjunto de OKR");
    await page.getByRole("button", { name: "Guardar versión" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Versión 1 guardada." })).toBeVisible();
    await expect(page.getByRole("link", { name: "Ver el tablero de OKR" })).toBeVisible();

    // The playbook page shows the set instead of a placeholder.
    await page.getByRole("link", { name: "Abrir el playbook (para publicarla)" }).click();
    await expect(page.getByRole("region", { name: "Objetivos y resultados clave" })).toContainText("CSAT promedio de 4,5 en WhatsApp");
  });
});

test("the example set's dashboard draws each key result with the playbook publishes marked on the time axis", async ({ page, baseURL, apiKey }) => {
  // A publish of our own, so a marker with a known label is in range whatever ran before.
  const name = `Marcador e2e ${run}`;
  const doc = { ...testRoutingPlaybook("okr-e2e", { name }), id: `okr-marker-${run}` };
  const r = await fetch(`${baseURL}/api/v1/playbooks?publish=true&comment=${encodeURIComponent("Marca para el tablero de OKR")}`, {
    method: "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    body: JSON.stringify(doc),
  });
  expect(r.status).toBe(201);

  await page.goto("/");
  await page.getByRole("navigation", { name: "Navegación principal" }).getByRole("link", { name: "OKR" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "OKR" })).toBeVisible();
  await page.getByRole("row").filter({ hasText: "okr-atencion" }).getByRole("link").first().click();
  await expect(page).toHaveURL(/\/okr\/okr-atencion$/);

  // Each key result over its own period: a chart per key result.
  const charts = page.getByRole("figure");
  await expect(charts.first().locator("svg.recharts-surface")).toBeVisible();
  const count = await charts.count();
  expect(count).toBe(12);
  expect(await axeReport(page)).toBe("");

  // The last 30 days always hold today's publish: on every chart, labelled, and in the list with its comment.
  await page.getByRole("button", { name: "Últimos 30 días" }).click();
  await expect(page.getByRole("button", { name: "Últimos 30 días" })).toHaveAttribute("aria-pressed", "true");
  for (let i = 0; i < count; i++) {
    await expect(charts.nth(i).locator("svg.recharts-surface")).toBeVisible();
    await expect(charts.nth(i)).toContainText(`${name} v1`);
  }
  await expect(charts.first().locator("svg text", { hasText: `${name} v1` })).toBeVisible();
  await expect(page.getByTestId("okr-markers").getByRole("row").filter({ hasText: `${name} v1` })).toContainText("Marca para el tablero de OKR");
  expect(await axeReport(page)).toBe("");
});
