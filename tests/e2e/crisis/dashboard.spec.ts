// The crisis dashboard in the browser: an incident raised by a burst of posted cases appears without
// a reload, with its level, chart summary and protocol; an operator ticks a step and resolves it with
// a note, and it moves to the recent incidents. Resolving at the end leaves the shared server in normal routing.
import { fraudCase } from "../../support/crisis";
import { axeReport, expect, test } from "../fixtures";

test.use({ role: "operator" });

test("a burst raises an incident on the open dashboard; the operator ticks the protocol and resolves it", async ({ page, baseURL, apiKey }) => {
  await page.goto("/crisis");
  await expect(page.getByRole("heading", { level: 1, name: "Crisis" })).toBeVisible();
  await expect(page.getByText("No hay ningún incidente activo")).toBeVisible();

  const run = `e2e-${Date.now().toString(36)}`;
  for (let i = 0; i < 20; i++) {
    const r = await fetch(`${baseURL}/api/v1/cases`, { method: "POST", headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" }, body: JSON.stringify(fraudCase(i, run)) });
    expect(r.status).toBe(201);
  }

  // The poll brings it in: level 2, the detector, the count, the chart's text summary.
  const card = page.getByRole("article").filter({ hasText: "Crisis por fraude" });
  await expect(card).toBeVisible({ timeout: 15_000 });
  await expect(card.getByText("Nivel 2 · Crisis")).toBeVisible();
  await expect(card.getByText("Casos negativos que mencionan fraude")).toBeVisible();
  await expect(card.getByText("20 en 15 min")).toBeVisible();
  await expect(card.getByRole("figure", { name: "Volumen de casos del detector" })).toContainText("20 casos desde");
  await expect(card.getByRole("group", { name: "Mitigación" })).toBeVisible();
  expect(await axeReport(page)).toBe("");

  const step = card.getByRole("checkbox", { name: /Activar el equipo de crisis/ });
  await step.check();
  await expect(card.getByText(/Hecho por user:operator@pauta.test/)).toBeVisible();
  await expect(card.getByText("1 de 8 hechos")).toBeVisible();

  // Resolving needs a note.
  await card.getByRole("button", { name: "Resolver y volver al ruteo normal" }).click();
  await expect(card.getByRole("alert")).toContainText("Escribe cómo se resolvió");
  await card.getByLabel("Cómo se resolvió (obligatorio)").fill("Cuentas bloqueadas y comunicado publicado");
  await card.getByRole("button", { name: "Resolver y volver al ruteo normal" }).click();
  await expect(page.getByText("No hay ningún incidente activo")).toBeVisible();
  const recent = page.getByRole("region", { name: "Incidentes recientes" });
  await expect(recent.getByRole("row").filter({ hasText: "Cuentas bloqueadas y comunicado publicado" })).toContainText("Resuelto");
});
