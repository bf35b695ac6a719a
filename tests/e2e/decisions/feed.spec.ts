import { expect, test } from "../fixtures";

test.describe("live decision feed", () => {
  test("a case posted through the API appears live, and its decision explains itself in both languages", async ({ page, request, apiKey }) => {
    await page.goto("/decisions");
    await expect(page.getByRole("heading", { level: 1, name: "Decisiones" })).toBeVisible();
    await expect(page.getByText("En vivo", { exact: true })).toBeVisible();
    // A marker on the window proves the row arrives without a reload.
    await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));

    const externalId = `e2e-${Date.now()}`;
    const res = await request.post("/api/v1/cases", {
      headers: { authorization: `Bearer ${apiKey}` },
      data: {
        externalId,
        channel: "whatsapp",
        text: "Hola, quiero información de la Maestría en Finanzas, ¿cuándo empiezan las clases?",
        customer: { id: "cli-e2e-1", name: "Lucía Hernández", country: "MX", tier: "new" },
        attributes: { account: "posgrados-unimx", program: "Maestría en Finanzas" },
      },
    });
    expect(res.status(), await res.text()).toBe(201);
    const created = (await res.json()) as { decisionId: string; decision: { outcome: { queue?: string } } };
    expect(created.decision.outcome.queue).toBe("posgrado-mx");

    const link = page.getByRole("link", { name: new RegExp(externalId) });
    await expect(link).toBeVisible();
    const row = page.getByRole("row").filter({ has: link });
    await expect(row).toContainText("posgrado-mx");
    await expect(row).toContainText("maestria-mexico");
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);

    await link.click();
    await expect(page).toHaveURL(new RegExp(`/decisions/${created.decisionId}$`));
    await expect(page.getByRole("heading", { level: 1 })).toContainText(externalId);

    const why = page.getByRole("region", { name: "Por qué" });
    await expect(why).toContainText("Enrutado a posgrado-mx");
    const rules = page.getByRole("region", { name: "Reglas evaluadas" });
    await expect(rules).toContainText("La regla Maestrías México se aplicó porque");
    await expect(rules).toContainText("La regla Maestrías Colombia no aplicó porque country = MX ≠ CO");

    // The condition tree of a rule opens on demand.
    const colombia = rules.getByRole("listitem").filter({ hasText: "La regla Maestrías Colombia" });
    await colombia.getByText("Ver condiciones").click();
    await expect(colombia.getByText("no se cumple").first()).toBeAttached();

    await page.getByRole("button", { name: "English" }).click();
    await expect(page.getByRole("region", { name: "Why" })).toContainText("Routed to posgrado-mx");
    const rulesEn = page.getByRole("region", { name: "Rules evaluated" });
    await expect(rulesEn).toContainText("Rule Maestrías Colombia did not apply because country = MX ≠ CO");
    await expect(page.getByRole("button", { name: "English" })).toHaveAttribute("aria-pressed", "true");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
  });
});
