import { expect, test } from "../fixtures";

test("a rule that throws shows as an error while the other rules still decide", async ({ page, request, apiKey }) => {
  const auth = { authorization: `Bearer ${apiKey}` };
  // A playbook of its own (scoped by account) whose regex comes from the case: "(" throws at evaluation.
  const imported = await request.post("/api/v1/playbooks?publish=true&comment=test%20publish", {
    headers: auth,
    data: {
      schemaVersion: 1,
      id: "e2e-patrones",
      kind: "routing",
      name: "Patrones E2E",
      trigger: { condition: { all: [{ fact: "attributes", path: "$.account", operator: "equal", value: "e2e-patrones" }] } },
      rules: [
        {
          id: "patron-del-caso",
          name: "Patrón del caso",
          priority: 5,
          conditions: { all: [{ fact: "text", operator: "matchesPattern", value: { fact: "attributes", path: "$.pattern" } }] },
          actions: [{ type: "route", queue: "e2e-patrones" }],
        },
        {
          id: "chat-web",
          name: "Chat web",
          priority: 1,
          conditions: { all: [{ fact: "channel", operator: "equal", value: "webchat" }] },
          actions: [{ type: "route", queue: "e2e-general" }],
        },
      ],
    },
  });
  expect(imported.ok(), await imported.text()).toBe(true);

  const res = await request.post("/api/v1/cases", {
    headers: auth,
    data: { externalId: `e2e-bad-${Date.now()}`, channel: "webchat", text: "hola", customer: { id: "e2e-2" }, attributes: { account: "e2e-patrones", pattern: "(" } },
  });
  expect(res.status(), await res.text()).toBe(201);
  const { decisionId } = (await res.json()) as { decisionId: string };

  await page.goto(`/decisions/${decisionId}`);
  await expect(page.getByText("Parcial", { exact: true })).toBeVisible();
  await expect(page.getByRole("region", { name: "Por qué" })).toContainText("Enrutado a e2e-general");
  await expect(page.getByRole("region", { name: "Errores" })).toContainText("e2e-patrones/patron-del-caso");
  const rules = page.getByRole("region", { name: "Reglas evaluadas" });
  const broken = rules.getByRole("listitem").filter({ hasText: "La regla Patrón del caso falló" });
  await expect(broken).toContainText("Error");
  await expect(broken).toContainText("Invalid regular expression");
  await expect(rules.getByRole("listitem").filter({ hasText: "La regla Chat web se aplicó porque channel = webchat" })).toContainText("Aplicada");
});
