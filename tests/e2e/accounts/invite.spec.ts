import { expect, test } from "../fixtures";

test.describe("an admin invites a strategist", () => {
  // Starts signed out: the admin signs in through the form like a person would.
  test.use({ role: null });

  test("the strategist accepts, signs in, and does not see admin-only navigation", async ({ page, browser, baseURL }) => {
    await page.goto("/admin/users");
    // Signed out: sent to the login page, and back to the users page afterwards.
    await expect(page).toHaveURL(/\/login\?next=%2Fadmin%2Fusers$/);
    await page.getByLabel("Correo").fill("admin@pauta.test");
    await page.getByLabel("Contraseña").fill("not the password");
    await page.getByRole("button", { name: "Entrar" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "wrong email or password" })).toBeVisible();
    await page.getByLabel("Contraseña").fill("admin-password-for-tests");
    await page.getByRole("button", { name: "Entrar" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Usuarios" })).toBeVisible();
    const nav = page.getByRole("navigation", { name: "Navegación principal" });
    await expect(nav.getByRole("link", { name: "Usuarios" })).toBeVisible();

    const email = `estratega-${Date.now()}@pauta.test`;
    await page.getByLabel("Correo", { exact: true }).fill(email);
    await page.getByLabel("Rol", { exact: true }).selectOption("strategist");
    await page.getByRole("button", { name: "Crear invitación" }).click();
    const link = page.getByRole("textbox", { name: "Enlace de invitación" });
    await expect(link).toHaveValue(/\/invite\//);
    const url = await link.inputValue();
    await expect(page.getByRole("region", { name: "Invitaciones pendientes" })).toContainText(email);

    // The invitee, in a browser of their own.
    const other = await browser.newContext({ baseURL, locale: "es-MX" });
    const invitee = await other.newPage();
    await invitee.goto(url);
    await expect(invitee.getByText(`como estrategia con el correo ${email}`)).toBeVisible();
    await invitee.getByLabel("Nombre").fill("Eva Estratega");
    await invitee.getByLabel("Contraseña").fill("short");
    await invitee.getByRole("button", { name: "Crear cuenta y entrar" }).click();
    await expect(invitee.getByText("use at least 12 characters")).toBeVisible();
    await invitee.getByLabel("Contraseña").fill("una contraseña larga");
    await invitee.getByRole("button", { name: "Crear cuenta y entrar" }).click();

    // Signed in as a strategist: the shell names them and their role; no admin navigation.
    await expect(invitee.getByText("Eva Estratega")).toBeVisible();
    await expect(invitee.getByText("estrategia", { exact: true })).toBeVisible();
    const inviteeNav = invitee.getByRole("navigation", { name: "Navegación principal" });
    await expect(inviteeNav.getByRole("link", { name: "Playbooks" })).toBeVisible();
    await expect(inviteeNav.getByRole("link", { name: "Usuarios" })).toHaveCount(0);
    // Opening the admin page anyway: the page says which role it needs.
    await invitee.goto("/admin/users");
    await expect(invitee.getByRole("alert").filter({ hasText: "Necesitas: administración" })).toBeVisible();

    // Sign out, then sign in again with the new password.
    await invitee.getByRole("button", { name: "Cerrar sesión" }).click();
    await expect(invitee).toHaveURL(/\/login/);
    await invitee.goto("/decisions");
    await expect(invitee).toHaveURL(/\/login\?next=%2Fdecisions$/);
    await invitee.getByLabel("Correo").fill(email);
    await invitee.getByLabel("Contraseña").fill("una contraseña larga");
    await invitee.getByRole("button", { name: "Entrar" }).click();
    await expect(invitee.getByRole("heading", { level: 1, name: "Decisiones" })).toBeVisible();
    await other.close();

    // The invitation link works once.
    await page.goto(url);
    await expect(page.getByRole("alert").filter({ hasText: "no es válido, ya se usó o expiró" })).toBeVisible();
  });
});
