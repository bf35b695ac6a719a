import { freePort } from "../../support/server";
import { axeReport, expect, test } from "../fixtures";

test("an admin sees a refused webhook in the dead-letter list, retries it, and reads the notification", async ({ page, request, apiKey }) => {
  // A port nobody listens on: every attempt is refused.
  const url = `http://127.0.0.1:${await freePort()}/hook`;
  const name = `Sin receptor ${Date.now()}`;
  await page.goto("/admin/webhooks");
  await expect(page.getByRole("heading", { level: 1, name: "Webhooks" })).toBeVisible();
  await page.getByLabel("Nombre").fill(name);
  await page.getByLabel("Dirección (URL)").fill(url);
  await page.getByLabel("Destinos").fill("supervisor-fraude");
  await page.getByRole("button", { name: "Crear webhook" }).click();
  // The secret, once.
  const secret = page.getByRole("textbox", { name: `Secreto de firma de «${name}»` });
  await expect(secret).toHaveValue(/^[A-Za-z0-9_-]{43}$/);
  const endpoints = page.getByRole("region", { name: "Direcciones" });
  await expect(endpoints.getByRole("row").filter({ hasText: name })).toContainText("Activo");
  expect(await axeReport(page)).toBe("");
  await page.getByRole("button", { name: "Listo, lo guardé" }).click();
  await expect(secret).toHaveCount(0);

  // A fraud report fires the cooperativa's notify action.
  const res = await request.post("/api/v1/cases", {
    headers: { authorization: `Bearer ${apiKey}` },
    data: {
      externalId: `e2e-hook-${Date.now()}`,
      channel: "whatsapp",
      text: "Me clonaron la tarjeta, hay cargos que no reconozco",
      customer: { id: `socio-e2e-${Date.now()}`, name: "Marta Ruiz", tier: "standard", segment: "socio", region: "central", country: "SV" },
      attributes: { account: "cooperativa-sv" },
    },
  });
  expect(res.status()).toBe(201);
  const caseId = ((await res.json()) as { caseId: string }).caseId;

  // Three refused attempts (200 ms, then 400 ms apart), then the dead-letter list.
  const dead = page.getByRole("region", { name: "Entregas fallidas" });
  const row = dead.getByRole("row").filter({ hasText: name });
  await expect(row).toContainText("supervisor-fraude");
  await expect(row.getByRole("cell").nth(2)).toHaveText("3");
  await expect(row).toContainText("ECONNREFUSED");
  // The endpoint's own deliveries say the same.
  await endpoints.getByRole("button", { name, exact: true }).click();
  const mine = page.getByRole("region", { name: `Entregas de «${name}»` });
  await expect(mine.getByRole("row").filter({ hasText: "supervisor-fraude" })).toContainText("Fallida");
  expect(await axeReport(page)).toBe("");

  // Retry: back in the queue, and (still refused) dead again after a fresh round.
  await row.getByRole("button", { name: "Reintentar" }).click();
  await expect(page.getByRole("status").filter({ hasText: "De nuevo en cola." })).toBeVisible();
  await expect(row).toContainText("3");

  // The in-app list has the notification, with a link to the case; marking it read clears the badge count.
  const nav = page.getByRole("navigation", { name: "Navegación principal" });
  await nav.getByRole("link", { name: /Avisos/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Avisos" })).toBeVisible();
  const item = page.getByRole("listitem", { name: /Posible fraude reportado por un asociado/ }).first();
  await expect(item).toHaveAccessibleName(/^Sin leer/);
  await expect(item.getByRole("link", { name: "Ver el caso" })).toHaveAttribute("href", `/cases/${caseId}`);
  expect(await axeReport(page)).toBe("");
  await page.getByRole("button", { name: "Marcar todos como leídos" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "0 sin leer" })).toBeVisible();
  await expect(item).toHaveAccessibleName(/^Leído/);
});
