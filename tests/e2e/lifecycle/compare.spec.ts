import { axeReport, expect, test } from "../fixtures";

// Comparing two versions of a routing playbook: v1 (published) and v2, which adds one rule and
// changes the queue of another. The page shows both canvases with the added nodes green on the
// right and the changed node amber on both sides, names the rules in the rule diff, and leaves an
// audit entry `playbook.compared` as evidence that a person reviewed the pair.
const uid = Date.now().toString(36);
const PLAYBOOK = `e2e-compare-${uid}`;

const ventas = (queue: string) => ({
  id: "ventas-pro",
  name: "Plan pro a ventas",
  priority: 10,
  conditions: { all: [{ fact: "attributes", path: "$.plan", operator: "equal", value: "pro" }] },
  actions: [{ type: "route", queue }],
});
const resto = {
  id: "resto",
  name: "El resto a general",
  priority: 1,
  conditions: { all: [{ fact: "attributes", path: "$.account", operator: "equal", value: PLAYBOOK }] },
  actions: [{ type: "route", queue: "general" }],
};
const quejas = {
  id: "quejas",
  name: "Quejas a reclamos",
  priority: 20,
  conditions: { all: [{ fact: "text", operator: "containsWord", value: "queja" }] },
  actions: [{ type: "route", queue: "reclamos" }],
};
const playbook = (rules: unknown[]) => ({
  schemaVersion: 1,
  id: PLAYBOOK,
  kind: "routing",
  name: "Comparación E2E",
  settings: { conflictStrategy: "first_match" },
  trigger: { condition: { all: [{ fact: "attributes", path: "$.account", operator: "equal", value: PLAYBOOK }] } },
  rules,
});

test.use({ role: "operator" });


test("two versions side by side: added nodes green, the changed node amber on both sides, the rules named, the review audited", async ({ page, request, apiKey }) => {
  const auth = { authorization: `Bearer ${apiKey}` };
  const v1 = await request.post("/api/v1/playbooks?publish=true&comment=primera%20version", { headers: auth, data: playbook([ventas("ventas"), resto]) });
  expect(v1.status(), await v1.text()).toBe(201);
  const v2 = await request.post("/api/v1/playbooks", { headers: auth, data: playbook([quejas, ventas("ventas-vip"), resto]) });
  expect(v2.status(), await v2.text()).toBe(201);

  // From the playbook page: the newest version (v2) against the published one (v1).
  await page.goto(`/playbooks/${PLAYBOOK}`);
  await page.getByRole("link", { name: "Comparar con la publicada" }).click();
  await expect(page).toHaveURL(new RegExp(`/playbooks/${PLAYBOOK}/compare\\?from=1&to=2$`));
  const left = page.getByTestId("compare-from");
  const right = page.getByTestId("compare-to");
  await left.locator('[data-testid="flow-editor"][data-ready="true"]').waitFor();
  await right.locator('[data-testid="flow-editor"][data-ready="true"]').waitFor();
  await expect(page.getByLabel("Desde")).toHaveValue("1");
  await expect(page.getByLabel("Hasta")).toHaveValue("2");

  const node = (side: typeof left, id: string) => side.locator(`.react-flow__node[data-id="${id}"]`);
  const GREEN = "rgb(236, 253, 243)"; // --ok-soft
  const AMBER = "rgb(255, 250, 235)"; // --warn-soft

  // The added rule: its condition and action nodes, green, on the right only; said in words too.
  for (const id of ["if-quejas", "do-quejas"]) {
    await expect(node(right, id)).toHaveAttribute("data-diff", "added");
    await expect(node(right, id).locator(".fn")).toHaveCSS("background-color", GREEN);
    await expect(node(left, id)).toHaveCount(0);
  }
  await expect(node(right, "do-quejas")).toHaveAttribute("aria-label", /\(Añadido\)$/);
  await expect(node(right, "do-quejas")).toContainText("Añadido");
  // The changed route: amber on both sides.
  for (const side of [left, right]) {
    await expect(node(side, "do-ventas-pro")).toHaveAttribute("data-diff", "changed");
    await expect(node(side, "do-ventas-pro").locator(".fn")).toHaveCSS("background-color", AMBER);
  }
  // Unchanged nodes carry no mark.
  await expect(node(right, "do-resto")).not.toHaveAttribute("data-diff", /.*/);
  await expect(node(left, "if-ventas-pro")).not.toHaveAttribute("data-diff", /.*/);
  // The legend counts what each side shows.
  await expect(page.getByTestId("legend-to")).toContainText("2 añadidos");
  await expect(page.getByTestId("legend-to")).toContainText("1 cambiados");
  await expect(page.getByTestId("legend-to")).toContainText("2 conexiones nuevas");
  await expect(page.getByTestId("legend-from")).toContainText("1 cambiados");

  // The rules diff names the added rule and the changed one, with what changed before and after.
  const added = page.getByTestId("rules-added");
  await expect(added.getByRole("heading", { name: "Quejas a reclamos" })).toBeVisible();
  const changed = page.getByTestId("rules-changed").locator('[data-rule="ventas-pro"]');
  await expect(changed.getByRole("heading", { name: "Plan pro a ventas" })).toBeVisible();
  await expect(changed.getByTestId("changed-parts")).toHaveText("acciones");
  await expect(changed.locator(".compare-before")).toContainText("ventas");
  await expect(changed.locator(".compare-after")).toContainText("ventas-vip");
  await expect(page.getByTestId("rules-removed")).toHaveCount(0);
  expect(await axeReport(page), "axe: serious or critical violations").toBe("");

  // The review is in the audit log (the page records it once it is shown).
  await expect(page.getByTestId("comparison-recorded")).toHaveAttribute("data-recorded", "true");
  const log = await request.get(`/api/v1/audit/log?action=playbook.compared&entityId=${PLAYBOOK}`, { headers: auth });
  expect(log.status()).toBe(200);
  const entries = ((await log.json()) as { items: { actor: string; before: { version: number }; after: { version: number } }[] }).items;
  expect(entries).toHaveLength(1);
  expect(entries[0]!.actor).toMatch(/^user:operator/);
  expect([entries[0]!.before.version, entries[0]!.after.version]).toEqual([1, 2]);

  // Swapping the pickers compares the other way round: the added rule is now removed, on the left.
  await page.getByRole("button", { name: "Intercambiar" }).click();
  await expect(page).toHaveURL(/\?from=2&to=1$/);
  await expect(node(page.getByTestId("compare-from"), "do-quejas")).toHaveAttribute("data-diff", "removed");
  await expect(node(page.getByTestId("compare-to"), "do-quejas")).toHaveCount(0);
  await expect(page.getByTestId("rules-removed").getByRole("heading", { name: "Quejas a reclamos" })).toBeVisible();
});
