import { expect, test } from "../fixtures";

test("the playbooks list shows each example with its published version, and a playbook reads as rule cards", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("navigation", { name: "Navegación principal" }).getByRole("link", { name: "Playbooks" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Playbooks" })).toBeVisible();

  const row = page.getByRole("row").filter({ hasText: "posgrados-whatsapp" });
  await expect(row).toContainText("Enrutamiento");
  await expect(row).toContainText("v1");
  await expect(page.getByRole("row").filter({ hasText: "cooperativa-ruteo" })).toContainText("v1");
  await expect(page.getByRole("row").filter({ hasText: "delivery-reembolsos" })).toContainText("v1");

  await row.getByRole("link").click();
  const card = page.getByRole("article", { name: "Maestrías Colombia" });
  await expect(card).toContainText("country = CO");
  await expect(card).toContainText("enruta a posgrado-co");
  await expect(page.getByRole("region", { name: "Se aplica a" })).toContainText("attributes.account = posgrados-unimx");

  // Keyboard: "g" then "d" goes to the decisions feed.
  await page.keyboard.press("g");
  await page.keyboard.press("d");
  await expect(page.getByRole("heading", { level: 1, name: "Decisiones" })).toBeVisible();
});
