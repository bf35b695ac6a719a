// Issue 5's operator path in the browser: compare two versions on the canvas, publish the newer one
// with a comment, roll back to the older with a reason; cases follow each change at once, and the
// configuration history shows the three actions with their before / after.
import type { Page } from "@playwright/test";
import { expect, test } from "../fixtures";

const PLAYBOOK = `e2e-operador-${Date.now().toString(36)}`;
const ACCOUNT = PLAYBOOK;

const rule = (id: string, name: string, priority: number, queue: string, condition: unknown) => ({ id, name, priority, conditions: { all: [condition] }, actions: [{ type: "route", queue }] });
const general = (queue: string) => rule("resto", "El resto a general", 1, queue, { fact: "channel", operator: "in", value: ["whatsapp", "email"] });
const vip = rule("vip", "Clientes VIP", 20, "vip", { fact: "customerTier", operator: "equal", value: "vip" });
const playbook = (rules: unknown[]) => ({
  schemaVersion: 1,
  id: PLAYBOOK,
  kind: "routing",
  name: "Operación E2E",
  precedence: 0,
  settings: { conflictStrategy: "first_match" },
  trigger: { condition: { all: [{ fact: "attributes", path: "$.account", operator: "equal", value: ACCOUNT }] } },
  rules,
});

test.use({ role: "operator" });

const versions = (page: Page) => page.getByRole("region", { name: "Versiones" });
const row = (page: Page, n: number) => versions(page).getByRole("listitem").filter({ has: page.getByRole("heading", { name: `v${n}`, exact: true }) });
const status = (page: Page) => versions(page).getByTestId("lifecycle-status");

test("an operator compares two versions on the canvas, publishes with a comment and rolls back; the history shows all three with before / after", async ({ page, request, apiKey }) => {
  const auth = { authorization: `Bearer ${apiKey}` };
  const v1 = await request.post("/api/v1/playbooks?publish=true&comment=primera%20version", { headers: auth, data: playbook([general("general")]) });
  expect(v1.status(), await v1.text()).toBe(201);
  const v2 = await request.post("/api/v1/playbooks?comment=VIP%20aparte%20y%20cola%20general%20nueva", { headers: auth, data: playbook([vip, general("general-2")]) });
  expect(v2.status(), await v2.text()).toBe(201);
  let n = 0;
  const queueOfNextCase = async () => {
    const r = await request.post("/api/v1/cases", {
      headers: auth,
      data: { externalId: `${PLAYBOOK}-${++n}`, channel: "whatsapp", text: "Hola", customer: { id: `c-${n}`, tier: "vip" }, attributes: { account: ACCOUNT } },
    });
    expect(r.status()).toBe(201);
    const body = await r.json();
    return { queue: body.decision.outcome.queue as string, version: (body.decision.playbooks as { playbookId: string; version: number }[]).find((p) => p.playbookId === PLAYBOOK)?.version };
  };
  expect(await queueOfNextCase()).toEqual({ queue: "general", version: 1 });

  // 1. Compare: from the playbook page, v2 against the published v1, drawn on two canvases.
  await page.goto(`/playbooks/${PLAYBOOK}`);
  await row(page, 2).getByRole("link", { name: "Comparar con la publicada" }).click();
  await expect(page).toHaveURL(new RegExp(`/playbooks/${PLAYBOOK}/compare\\?from=1&to=2$`));
  const left = page.getByTestId("compare-from");
  const right = page.getByTestId("compare-to");
  await left.locator('[data-testid="flow-editor"][data-ready="true"]').waitFor();
  await right.locator('[data-testid="flow-editor"][data-ready="true"]').waitFor();
  const node = (side: typeof left, id: string) => side.locator(`.react-flow__node[data-id="${id}"]`);
  await expect(node(right, "do-vip")).toHaveAttribute("data-diff", "added");
  await expect(node(left, "do-vip")).toHaveCount(0);
  await expect(node(left, "do-resto")).toHaveAttribute("data-diff", "changed");
  await expect(node(right, "do-resto")).toHaveAttribute("data-diff", "changed");
  await expect(page.getByText("Clientes VIP").first()).toBeVisible();

  // 2. Publish v2 with a comment: the next case runs it.
  await page.goto(`/playbooks/${PLAYBOOK}`);
  await row(page, 2).getByRole("button", { name: "Publicar" }).click();
  const publish = page.getByRole("dialog", { name: "Publicar v2" });
  await publish.getByRole("button", { name: "Publicar ahora" }).click();
  await expect(publish.getByLabel("Por qué pasa a producción")).toHaveAttribute("aria-invalid", "true");
  await publish.getByLabel("Por qué pasa a producción").fill("Los VIP tienen su propia cola desde hoy");
  await publish.getByRole("button", { name: "Publicar ahora" }).click();
  await expect(publish).toBeHidden();
  await expect(status(page)).toHaveText("v2 publicada.");
  await expect(row(page, 2).getByText("Publicada", { exact: true })).toBeVisible();
  expect(await queueOfNextCase()).toEqual({ queue: "vip", version: 2 });

  // 3. Roll back to v1 with a reason: the next case runs v1 again.
  await row(page, 1).getByRole("button", { name: "Revertir a esta versión" }).click();
  const back = page.getByRole("dialog", { name: "Revertir a v1" });
  await back.getByLabel("Motivo de la reversión").fill("La cola VIP aún no tiene agentes");
  await back.getByRole("button", { name: "Revertir" }).click();
  await expect(status(page)).toHaveText("Revertido: v1 vuelve a estar en vivo.");
  await expect(row(page, 1).getByText("Publicada", { exact: true })).toBeVisible();
  await expect(row(page, 2).getByText("Revertida", { exact: true })).toBeVisible();
  expect(await queueOfNextCase()).toEqual({ queue: "general", version: 1 });

  // 4. The configuration history: the comparison, the publish and the rollback, each with who, why and before / after.
  await page.goto(`/audit/history?entity=playbook&entityId=${PLAYBOOK}`);
  const entry = (action: string) => page.locator(`article[data-action="${action}"]`).first();
  const beforeAfter = async (action: string) => {
    const e = entry(action);
    await e.getByText("Antes y después (JSON)").click();
    const [before, after] = await Promise.all([e.locator(".diff-json pre").nth(0).textContent(), e.locator(".diff-json pre").nth(1).textContent()]);
    return { before: JSON.parse(before ?? "null"), after: JSON.parse(after ?? "null") };
  };
  for (const action of ["playbook.compared", "playbook.published", "playbook.rolled_back"]) await expect(entry(action).getByTestId("actor")).toHaveText("user:operator@pauta.test");

  await expect(entry("playbook.compared")).toContainText("Versiones comparadas");
  await expect(entry("playbook.compared")).toContainText("v1 → v2");
  await expect(entry("playbook.compared")).toContainText("Clientes VIP");
  expect(await beforeAfter("playbook.compared")).toMatchObject({ before: { version: 1 }, after: { version: 2 } });

  await expect(entry("playbook.published")).toContainText("Versión publicada");
  await expect(entry("playbook.published")).toContainText("Los VIP tienen su propia cola desde hoy");
  await expect(entry("playbook.published")).toContainText("v1 → v2");
  await expect(entry("playbook.published").getByTestId("decisions-under")).toHaveText("1 decisiones");
  expect(await beforeAfter("playbook.published")).toMatchObject({ before: { version: 1 }, after: { version: 2, comment: "Los VIP tienen su propia cola desde hoy" } });

  await expect(entry("playbook.rolled_back")).toContainText("Versión revertida");
  await expect(entry("playbook.rolled_back")).toContainText("La cola VIP aún no tiene agentes");
  await expect(entry("playbook.rolled_back")).toContainText("v2 → v1");
  expect(await beforeAfter("playbook.rolled_back")).toMatchObject({ before: { version: 2 }, after: { version: 1, comment: "La cola VIP aún no tiene agentes" } });
});
