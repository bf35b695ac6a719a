import { readFileSync } from "node:fs";
import { loginAs } from "../../support/auth";
import { expect, test } from "../fixtures";

// Decision search end to end: an auditor narrows by customer, then by external id (the URL carries
// the filters), opens the decision, and exports the customer's decisions as CSV; a strategist may
// search but sees no export.
test("an auditor searches decisions, opens one and exports the result", async ({ page, request, apiKey, baseURL }) => {
  const auth = { authorization: `Bearer ${apiKey}` };
  const stamp = Date.now().toString(36);
  const customer = `e2e-busqueda-${stamp}`;
  const externalIds = [0, 1, 2].map((i) => `wamid.busqueda-${stamp}-${i}`);
  for (const [i, externalId] of externalIds.entries()) {
    const r = await request.post("/api/v1/cases", {
      headers: auth,
      data: { externalId, channel: i === 1 ? "email" : "whatsapp", text: "Hola, quiero información", customer: { id: customer, name: "Lucía" }, attributes: { account: "e2e-busqueda" } },
    });
    expect(r.status(), await r.text()).toBe(201);
  }

  const auditor = await loginAs(baseURL!, "auditor");
  await page.context().addCookies([
    { name: "pauta_session", value: auditor.token, url: baseURL! },
    { name: "pauta_csrf", value: auditor.csrf, url: baseURL! },
  ]);
  await page.goto("/");
  await page.getByRole("link", { name: "Buscar decisiones" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Buscar decisiones" })).toBeVisible();

  const form = page.getByRole("search", { name: "Filtros de búsqueda" });
  await form.getByLabel("Cliente (ID)").fill(customer);
  await form.getByRole("button", { name: "Buscar" }).click();
  await expect(page).toHaveURL(new RegExp(`customerId=${customer}`));
  await expect(page.getByTestId("search-total")).toHaveText("3 decisiones");
  const results = page.getByRole("table", { name: "Resultados" });
  await expect(results.getByRole("row")).toHaveCount(4);

  // Narrow to the e-mail one: channel select + the URL is shareable (reload keeps the filter).
  await form.getByLabel("Canal").selectOption("email");
  await form.getByRole("button", { name: "Buscar" }).click();
  await expect(page).toHaveURL(/channel=email/);
  await page.reload();
  await expect(page.getByTestId("search-total")).toHaveText("1 decisiones");
  await expect(results.getByRole("link", { name: `Abrir la decisión ${externalIds[1]}` })).toBeVisible();

  // Export the customer's three decisions (not just the page shown) as CSV.
  await page.goto(`/audit/decisions?customerId=${customer}`);
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Exportar CSV" }).click();
  const file = await (await download).path();
  await expect(page.getByRole("status").filter({ hasText: "Listo: 3 decisiones" })).toBeVisible();
  const lines = readFileSync(file, "utf8").trimEnd().split("\r\n");
  expect(lines[0]).toMatch(/^seq,id,decidedAt,caseId,externalId/);
  expect(lines.slice(1).map((l) => l.split(",")[4]).sort()).toEqual([...externalIds].sort());

  // A bad filter is named, not silently ignored.
  await page.goto(`/audit/decisions?customerId=${customer}&version=3`);
  await expect(page.getByRole("alert").filter({ hasText: "Revisa los filtros" })).toContainText("Versión (n.º)");

  // Search by external id and open the decision.
  await page.goto("/audit/decisions");
  await form.getByLabel("ID externo").fill(externalIds[2]!);
  await form.getByRole("button", { name: "Buscar" }).click();
  await results.getByRole("link", { name: `Abrir la decisión ${externalIds[2]}` }).click();
  await expect(page).toHaveURL(/\/decisions\/[^/]+$/);

  // A strategist reads decisions but may not export them: no export buttons.
  const strategist = await loginAs(baseURL!, "strategist");
  await page.context().clearCookies();
  await page.context().addCookies([
    { name: "pauta_session", value: strategist.token, url: baseURL! },
    { name: "pauta_csrf", value: strategist.csrf, url: baseURL! },
  ]);
  await page.goto(`/audit/decisions?customerId=${customer}`);
  await expect(page.getByTestId("search-total")).toHaveText("3 decisiones");
  await expect(page.getByRole("button", { name: "Exportar CSV" })).toHaveCount(0);
});
