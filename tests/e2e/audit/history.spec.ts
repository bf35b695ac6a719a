import { expect, test } from "../fixtures";

// Configuration history end to end: a new playbook version published over the API shows up with
// who, when and its rule diff, and leads to the decisions made under it; a case timeline shows the
// decision and the event of a customer who wrote on two channels.
const PLAYBOOK = "e2e-historia";

function playbook(rules: unknown[]) {
  return {
    schemaVersion: 1,
    id: PLAYBOOK,
    kind: "routing",
    name: "Historia E2E",
    trigger: { condition: { all: [{ fact: "attributes", path: "$.account", operator: "equal", value: PLAYBOOK }] } },
    rules,
  };
}

const general = (queue: string) => ({
  id: "general",
  name: "Todo lo demás",
  priority: 1,
  conditions: { all: [{ fact: "channel", operator: "in", value: ["whatsapp", "phone"] }] },
  actions: [{ type: "route", queue }],
});
const vip = {
  id: "clientes-vip",
  name: "Clientes VIP",
  priority: 50,
  conditions: { all: [{ fact: "customer", path: "$.tier", operator: "equal", value: "vip" }] },
  actions: [{ type: "route", queue: "vip" }],
};

// An auditor reads the history (read everything, change nothing); the changes come from an API key.
test.use({ role: "auditor" });

test("a published version shows who, when and its rule diff, and leads to its decisions and a case timeline", async ({ page, request, apiKey }) => {
  const auth = { authorization: `Bearer ${apiKey}` };
  const v1 = await request.post("/api/v1/playbooks?publish=true&comment=test%20publish", { headers: auth, data: playbook([general("e2e-hist-general")]) });
  expect(v1.status(), await v1.text()).toBeLessThan(300);
  const v2 = await request.post("/api/v1/playbooks?publish=true&comment=test%20publish", { headers: auth, data: playbook([vip, general("e2e-hist-general-2")]) });
  expect(v2.status(), await v2.text()).toBe(201);
  const version = ((await v2.json()) as { version: number }).version;

  // A customer writes on WhatsApp, then calls: two cases, decided under the new version.
  const stamp = Date.now();
  const customer = { id: `hist-cust-${stamp}`, name: "Marta Ruiz", tier: "standard" };
  const post = (externalId: string, channel: string, text: string) =>
    request.post("/api/v1/cases", { headers: auth, data: { externalId, channel, text, customer, attributes: { account: PLAYBOOK } } });
  const wa = await post(`hist-wa-${stamp}`, "whatsapp", "Hola, mi pedido no ha llegado");
  expect(wa.status(), await wa.text()).toBe(201);
  const waBody = (await wa.json()) as { caseId: string; decisionId: string; decision: { outcome: { queue?: string } } };
  expect(waBody.decision.outcome.queue).toBe("e2e-hist-general-2");
  const ev = await request.post(`/api/v1/cases/${waBody.caseId}/events`, {
    headers: auth,
    data: { eventId: `hist-ev-${stamp}`, type: "agent_replied", occurredAt: new Date(Date.now() + 60_000).toISOString(), text: "Lo revisamos ahora mismo" },
  });
  expect(ev.status(), await ev.text()).toBeLessThan(300);
  const call = await post(`hist-call-${stamp}`, "phone", "Llamo por el pedido de ayer");
  expect(call.status(), await call.text()).toBe(201);

  // The change history: the publish of the new version, by the API key, with the rule diff.
  await page.goto(`/audit/history?entity=playbook`);
  await expect(page.getByRole("heading", { level: 1, name: "Historial de cambios" })).toBeVisible();
  const publish = page
    .getByRole("article")
    .filter({ has: page.getByRole("link", { name: PLAYBOOK, exact: true }) })
    .filter({ hasText: "Versión publicada" })
    .first();
  await expect(publish.getByTestId("actor")).toHaveText(/^api_key:/);
  await expect(publish.locator("time")).toBeVisible();
  await expect(publish).toContainText(`v${version - 1} → v${version}`);
  await expect(publish).toContainText("Reglas añadidas (1)");
  await expect(publish.getByRole("link", { name: "Clientes VIP" })).toHaveAttribute("href", `/playbooks/${PLAYBOOK}/versions/${version}#rule-clientes-vip`);
  await expect(publish).toContainText("Reglas modificadas (1)");
  await expect(publish.getByRole("row").filter({ hasText: "actions[0].queue" })).toContainText("e2e-hist-general-2");

  // "Decisions made under this change": the two cases above, linked to the decision search.
  const under = publish.getByTestId("decisions-under");
  await expect(under).toHaveText("2 decisiones");
  await under.click();
  await expect(page).toHaveURL(new RegExp(`/audit/decisions\\?playbook=${PLAYBOOK}&version=${version}$`));
  // The decision search (its own page) lists exactly those two.
  await expect(page.getByText(`hist-wa-${stamp}`, { exact: true })).toBeVisible();
  await expect(page.getByText(`hist-call-${stamp}`, { exact: true })).toBeVisible();

  // The decision links to the exact version it ran and to its case's timeline.
  await page.goto(`/decisions/${waBody.decisionId}`);
  const rules = page.getByRole("region", { name: "Reglas evaluadas" });
  const vipRule = rules.getByRole("listitem").filter({ hasText: "La regla Clientes VIP" });
  await expect(vipRule.getByTestId("first-fail")).toContainText("standard");
  await vipRule.getByText("Ver condiciones").click();
  await expect(vipRule.locator(".ctree li.is-first-fail")).toContainText("falló primero");
  await vipRule.getByRole("link", { name: "Clientes VIP" }).click();
  await expect(page).toHaveURL(new RegExp(`/playbooks/${PLAYBOOK}/versions/${version}#rule-clientes-vip$`));
  await expect(page.getByRole("heading", { level: 3, name: "Clientes VIP" })).toBeVisible();
  await expect(page.locator(".rule-card.is-target")).toContainText("Clientes VIP");
  await expect(page.getByTestId("content-hash")).toHaveText(/^[0-9a-f]{64}$/);

  await page.goto(`/decisions/${waBody.decisionId}`);
  await page.getByRole("link", { name: "Línea de tiempo del caso" }).click();
  await expect(page).toHaveURL(new RegExp(`/cases/${waBody.caseId}$`));
  const timeline = page.getByTestId("timeline");
  const items = timeline.locator(":scope > li");
  await expect(items).toHaveCount(5);
  await expect(items.nth(0)).toContainText("Llegó un caso por whatsapp");
  await expect(items.nth(1)).toContainText("e2e-hist-general-2");
  await expect(items.nth(1).getByRole("link", { name: "Decisión" })).toHaveAttribute("href", `/decisions/${waBody.decisionId}`);
  // The phone call came before the agent's reply (stamped a minute ahead), labelled as another case.
  await expect(items.nth(2)).toContainText("Llegó un caso por phone");
  await expect(items.nth(2)).toContainText(`otro caso: hist-call-${stamp}`);
  await expect(items.nth(4)).toContainText("El agente respondió");
  await expect(items.nth(4)).toContainText("Lo revisamos ahora mismo");
  await expect(page.getByRole("region", { name: "Casos de este cliente" })).toContainText(`hist-call-${stamp}`);

  // The playbook page lists every version, each opening that exact version.
  await page.goto(`/playbooks/${PLAYBOOK}`);
  await expect(page.getByRole("heading", { level: 3, name: "Clientes VIP" })).toBeVisible();
  await page.getByRole("region", { name: "Versiones" }).getByRole("link", { name: `v${version - 1}` }).click();
  await expect(page).toHaveURL(new RegExp(`/playbooks/${PLAYBOOK}/versions/${version - 1}$`));
  await expect(page.getByRole("heading", { level: 3, name: "Clientes VIP" })).toHaveCount(0);
  await expect(page.getByText("No es la versión publicada")).toBeVisible();

  // And from the playbook, its own change history only: two imports and two publishes.
  await page.goto(`/playbooks/${PLAYBOOK}`);
  await page.getByRole("link", { name: "Historial de cambios de este playbook" }).click();
  await expect(page).toHaveURL(new RegExp(`/audit/history\\?entity=playbook&entityId=${PLAYBOOK}$`));
  await expect(page.getByRole("article")).toHaveCount(4);
});
