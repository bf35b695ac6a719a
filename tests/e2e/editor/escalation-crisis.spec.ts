// Issue 6, acceptance (the editor's part): a strategist draws an escalation ladder and a crisis
// detector on the canvas and makes versions of them; an operator publishes both; the published
// documents hold the ladder (steps, rules with the sla.step leaf) and the detector (with the
// condition drawn before it); then a breach through the drawn ladder (a case received an hour ago)
// and an incident from the drawn detector show on the crisis dashboard the strategist opens.
import type { Page } from "@playwright/test";
import type { CrisisPlaybook, EscalationPlaybook, PlaybookDetail } from "@/schemas";
import { fraudCase } from "../../support/crisis";
import { allEdges, allNodes, connect, dropFromPalette, flowNode, nodeBody, waitReady } from "../../support/editor";
import { axeReport, expect, loginAs, test } from "../fixtures";

test.use({ role: "strategist", viewport: { width: 1600, height: 1000 } });

const uid = () => Date.now().toString(36) + Math.random().toString(36).slice(2, 5);

/** Create a playbook of a kind from the "Nuevo playbook" form; the editor opens with its trigger. */
async function createPlaybook(page: Page, kind: "Escalamiento" | "Crisis", name: string): Promise<string> {
  await page.goto("/playbooks");
  await page.getByRole("button", { name: "Nuevo playbook" }).click();
  const form = page.getByTestId("new-playbook-form");
  await form.getByRole("radio", { name: new RegExp(`^${kind}`) }).check();
  await form.getByLabel("Nombre", { exact: true }).fill(name);
  const id = await form.getByLabel("Identificador").inputValue();
  await form.getByRole("button", { name: "Crear y abrir el lienzo" }).click();
  await expect(page).toHaveURL(new RegExp(`/playbooks/${id}/edit$`));
  await waitReady(page);
  await expect(allNodes(page)).toHaveCount(1);
  return id;
}

/** Canvas coordinates as fractions of the canvas, zoomed out to make room. */
async function canvasAt(page: Page) {
  for (let i = 0; i < 4; i++) await page.getByRole("button", { name: "Alejar" }).click();
  const box = (await page.getByTestId("flow-editor").locator(".react-flow").first().boundingBox())!;
  return (fx: number, fy: number) => ({ x: Math.round(box.width * fx), y: Math.round(box.height * fy) });
}

async function commitVersion(page: Page, comment: string) {
  await page.getByTestId("save").click();
  await expect(page.getByTestId("save-status")).toHaveAttribute("data-status", "saved");
  await expect(page.getByTestId("checklist").locator('[data-testid="checklist-item"][data-severity="error"]')).toHaveCount(0);
  await page.getByTestId("commit-version").click();
  const dialog = page.getByRole("dialog", { name: "Crear una versión" });
  await dialog.getByLabel("Comentario: qué cambió y por qué").fill(comment);
  await dialog.getByRole("button", { name: "Crear versión" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("editor-toast")).toHaveText(/Creada la versión 1\./);
}

async function publishV1(page: Page, id: string, comment: string) {
  await page.goto(`/playbooks/${id}`);
  const versions = page.getByRole("region", { name: "Versiones" });
  const v1 = versions.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "v1", exact: true }) });
  await v1.getByRole("button", { name: "Publicar" }).click();
  const dialog = page.getByRole("dialog", { name: "Publicar v1" });
  await dialog.getByLabel("Por qué pasa a producción").fill(comment);
  await dialog.getByRole("button", { name: "Publicar ahora" }).click();
  await expect(dialog).toBeHidden();
  await expect(v1.getByText("Publicada", { exact: true })).toBeVisible();
}

test("a strategist draws an escalation ladder and a crisis detector, an operator publishes both, and the published documents hold them", async ({ page, request, apiKey }) => {
  test.setTimeout(240_000);
  const inspector = page.getByTestId("inspector");
  const palette = page.getByTestId("palette");

  // ---- 1. Escalation: an SLA policy and a two-step ladder ------------------------------------
  const escId = await createPlaybook(page, "Escalamiento", `Escalera WhatsApp ${uid()}`);
  // ladder steps only in escalation flows, detectors only in crisis flows
  await expect(palette.getByTestId("palette-item-escalation_step")).toBeVisible();
  await expect(palette.getByTestId("palette-item-detector")).toHaveCount(0);
  await expect(palette.getByTestId("palette-item-require_approval")).toBeVisible();
  // a new escalation playbook says what to fill in: an SLA policy
  await expect(page.getByTestId("checklist")).toContainText("política de SLA");

  // The policy, in the playbook settings (nothing selected): calendar time, WhatsApp, 60 minutes.
  await page.keyboard.press("Escape");
  await inspector.getByTestId("add-sla-policy").click();
  const policy = inspector.getByTestId("sla-policy-0");
  await policy.getByLabel("Id de la política").fill("whatsapp");
  // an empty name is refused at its field
  await expect(policy.getByLabel("Nombre", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await policy.getByLabel("Nombre", { exact: true }).fill("WhatsApp 60 minutos");
  await expect(policy.getByLabel("Tiempo")).toHaveValue("calendar");
  const target = policy.getByTestId("sla-target-0-0");
  await target.getByRole("group", { name: "Canales (vacío: todos)" }).getByLabel("whatsapp").check();
  await expect(target.getByLabel("Primera respuesta (min)")).toHaveAttribute("aria-invalid", "true");
  await target.getByLabel("Primera respuesta (min)").fill("60");
  await expect(target.getByLabel("Primera respuesta (min)")).not.toHaveAttribute("aria-invalid", "true");
  expect(await axeReport(page), "axe: escalation settings").toBe("");

  // trigger → step (breach) → set priority urgent → notify supervisor; trigger → step (warning) → notify
  const at = await canvasAt(page);
  const breach = await dropFromPalette(page, "escalation_step", at(0.3, 0.2));
  const urgent = await dropFromPalette(page, "set_priority", at(0.55, 0.2));
  const supervisor = await dropFromPalette(page, "notify", at(0.82, 0.2));
  const warning = await dropFromPalette(page, "escalation_step", at(0.3, 0.65));
  const lead = await dropFromPalette(page, "notify", at(0.55, 0.65));
  await flowNode(page, breach).click();
  await expect(inspector.getByLabel("Cuándo")).toHaveValue("breach");
  await flowNode(page, urgent).click();
  await inspector.getByLabel("Prioridad", { exact: true }).selectOption("urgent");
  await flowNode(page, supervisor).click();
  await inspector.getByLabel("Destinatario").fill("supervisor");
  await flowNode(page, warning).click();
  await inspector.getByLabel("Cuándo").selectOption("warning");
  await inspector.getByLabel("Porcentaje de la meta transcurrido").fill("80");
  await flowNode(page, lead).click();
  await inspector.getByLabel("Destinatario").fill("lider-de-equipo");

  // An action drawn straight from the trigger needs a ladder step: the error is on that node.
  await connect(page, "trigger", "out", lead);
  await expect(nodeBody(page, lead)).toHaveAttribute("data-invalid", "true");
  await expect(page.getByTestId("checklist")).toContainText("paso de la escalera");
  await page.getByTestId("undo").click();
  await expect(allEdges(page)).toHaveCount(0);

  await connect(page, "trigger", "out", breach);
  await connect(page, breach, "out", urgent);
  await connect(page, urgent, "out", supervisor);
  await connect(page, "trigger", "out", warning);
  await connect(page, warning, "out", lead);
  await expect(allEdges(page)).toHaveCount(5);
  for (const n of [breach, urgent, supervisor, warning, lead]) await expect(nodeBody(page, n)).not.toHaveAttribute("data-invalid", "true");
  // no try panel for escalation flows; the settings say why
  await expect(page.getByTestId("try-it")).toHaveCount(0);
  await commitVersion(page, "Escalera de WhatsApp: aviso al 80 % y urgente al vencer");

  // ---- 2. Crisis: a detector, an override with approval, level 2 with its protocol ------------
  const criId = await createPlaybook(page, "Crisis", `Crisis fraude ${uid()}`);
  await expect(palette.getByTestId("palette-item-detector")).toBeVisible();
  await expect(palette.getByTestId("palette-item-escalation_step")).toHaveCount(0);
  const at2 = await canvasAt(page);
  const negative = await dropFromPalette(page, "condition", at2(0.3, 0.2));
  const detector = await dropFromPalette(page, "detector", at2(0.55, 0.2));
  const negative2 = await dropFromPalette(page, "condition", at2(0.3, 0.65));
  const route = await dropFromPalette(page, "route", at2(0.55, 0.65));
  const approval = await dropFromPalette(page, "require_approval", at2(0.82, 0.65));
  for (const c of [negative, negative2]) {
    await flowNode(page, c).click();
    const leaf = inspector.getByRole("group", { name: "condición 1" });
    await leaf.getByLabel("Dato", { exact: true }).selectOption({ label: "Sentimiento" });
    await leaf.getByLabel("Valor", { exact: true }).selectOption("negative");
  }
  await flowNode(page, detector).click();
  await inspector.getByLabel("Nombre", { exact: true }).fill("Fraude o hackeo");
  const words = inspector.getByLabel("Palabras clave (es)");
  for (const w of ["fraude", "hackeo"]) {
    await words.fill(w);
    await words.press("Enter");
  }
  await expect(inspector.getByLabel("Ventana (minutos)")).toHaveValue("15");
  const threshold = inspector.getByTestId("detector-level-0");
  await threshold.getByLabel("Nivel").selectOption("2");
  await threshold.getByLabel("Umbral").fill("5");
  await flowNode(page, route).click();
  await inspector.getByLabel("Cola", { exact: true }).fill("crisis");
  await connect(page, "trigger", "out", negative);
  await connect(page, negative, "true", detector);
  await connect(page, "trigger", "out", negative2);
  await connect(page, negative2, "true", route);
  await connect(page, route, "out", approval);
  await expect(allEdges(page)).toHaveCount(5);
  // level 2 is not defined yet: the error is on the detector, at its threshold
  await expect(nodeBody(page, detector)).toHaveAttribute("data-invalid", "true");

  await page.keyboard.press("Escape");
  await inspector.getByTestId("add-crisis-level").click();
  const level = inspector.getByTestId("crisis-level-0");
  await level.getByLabel("Nivel", { exact: true }).selectOption("2");
  await level.getByLabel("Nombre del nivel").fill("Alta");
  await level.getByRole("button", { name: "Añadir tarea" }).click();
  const item = level.getByTestId("protocol-item-0-0");
  await expect(item.getByLabel("Fase")).toHaveValue("identification");
  await item.getByLabel("Tarea").fill("Confirmar el alcance del fraude");
  await item.getByLabel("Responsable").fill("Líder de CX");
  await expect(nodeBody(page, detector)).not.toHaveAttribute("data-invalid", "true");
  expect(await axeReport(page), "axe: crisis settings").toBe("");
  await commitVersion(page, "Detector de fraude y cola de crisis con aprobación");

  // ---- 3. An operator publishes both -----------------------------------------------------------
  await loginAs(page, "operator");
  await publishV1(page, escId, "La escalera de WhatsApp entra en vigor");
  await publishV1(page, criId, "El detector de fraude entra en vigor");

  // ---- 4. The published documents over the API --------------------------------------------------
  const auth = { authorization: `Bearer ${apiKey}` };
  const published = async <T,>(id: string) => {
    const r = await request.get(`/api/v1/playbooks/${id}`, { headers: auth });
    expect(r.status(), await r.text()).toBe(200);
    return ((await r.json()) as PlaybookDetail).publishedDocument as T;
  };
  const esc = await published<EscalationPlaybook>(escId);
  expect(esc.kind).toBe("escalation");
  expect(esc.slaPolicies).toEqual([{ id: "whatsapp", name: "WhatsApp 60 minutos", time: "calendar", targets: [{ channels: ["whatsapp"], priorities: [], firstResponseMinutes: 60 }] }]);
  const breachStep = esc.steps.find((s) => s.at === "breach")!;
  const warningStep = esc.steps.find((s) => s.at === "warning")!;
  expect(breachStep).toMatchObject({ metric: "first_response", nodeId: breach });
  expect(warningStep).toMatchObject({ metric: "first_response", percent: 80, nodeId: warning });
  const ruleOf = (nodeId: string) => esc.rules.find((r) => r.nodeId === nodeId)!;
  expect(ruleOf(urgent).conditions).toEqual({ all: [{ fact: "sla.step", operator: "equal", value: breachStep.id }] });
  expect(ruleOf(urgent).actions).toEqual([{ type: "set_priority", priority: "urgent" }, { type: "notify", target: "supervisor" }]);
  expect(ruleOf(lead).conditions).toEqual({ all: [{ fact: "sla.step", operator: "equal", value: warningStep.id }] });

  const cri = await published<CrisisPlaybook>(criId);
  expect(cri.kind).toBe("crisis");
  expect(cri.detectors).toEqual([
    expect.objectContaining({
      nodeId: detector,
      name: "Fraude o hackeo",
      keywords: { es: ["fraude", "hackeo"] },
      windowMinutes: 15,
      levels: [{ level: 2, threshold: 5 }],
      condition: { all: [{ fact: "sentiment", path: "$.label", operator: "equal", value: "negative" }] },
    }),
  ]);
  expect(cri.rules.find((r) => r.nodeId === route)!.actions).toEqual([{ type: "route", queue: "crisis" }, { type: "require_approval" }]);
  expect(cri.levels).toEqual([{ level: 2, name: "Alta", notify: [], protocol: [expect.objectContaining({ phase: "identification", title: "Confirmar el alcance del fraude", owner: "Líder de CX" })] }]);

  // ---- 5. A simulated breach and incident on the crisis dashboard --------------------------------
  // The breach: a routing playbook of a test account applies the drawn policy, and a WhatsApp case
  // "received" 61 minutes ago is posted: its warning (48 min) and breach (60 min) are already due,
  // so the scheduler fires both within a second, through the drawn ladder.
  const account = `e2e-sla-${uid()}`;
  const routing = await request.post(`/api/v1/playbooks?publish=true&comment=${encodeURIComponent("Ruteo de la prueba de SLA")}`, {
    headers: auth,
    data: {
      schemaVersion: 1,
      id: account,
      kind: "routing",
      name: "SLA e2e",
      trigger: { condition: { all: [{ fact: "attributes", path: "$.account", operator: "equal", value: account }] } },
      rules: [{ id: "wa", name: "WhatsApp", conditions: { all: [{ fact: "channel", operator: "equal", value: "whatsapp" }] }, actions: [{ type: "route", queue: "wa-e2e" }, { type: "apply_sla", policy: "whatsapp" }] }],
    },
  });
  expect(routing.status(), await routing.text()).toBe(201);
  const late = await request.post("/api/v1/cases", {
    headers: auth,
    data: { externalId: `${account}-1`, channel: "whatsapp", receivedAt: new Date(Date.now() - 61 * 60_000).toISOString(), text: "Hola, sigo esperando respuesta", customer: { id: `${account}-c1` }, attributes: { account } },
  });
  expect(late.status()).toBe(201);
  const lateCase = (await late.json()) as { caseId: string };

  // The incident: 5 negative cases mentioning fraude or hackeo within the detector's 15 minutes.
  const run = `e2e-ladder-${uid()}`;
  for (let i = 0; i < 5; i++) {
    const r = await request.post("/api/v1/cases", { headers: auth, data: fraudCase(i, run) });
    expect(r.status()).toBe(201);
  }

  await loginAs(page, "strategist");
  await page.goto("/crisis");
  const card = page.getByRole("article").filter({ has: page.getByText("Fraude o hackeo") });
  await expect(card).toBeVisible({ timeout: 15_000 });
  await expect(card.getByText("Nivel 2 · Alta")).toBeVisible();
  await expect(card.getByText("5 en 15 min")).toBeVisible();
  await expect(card.getByText("Confirmar el alcance del fraude")).toBeVisible();
  const breaches = page.getByRole("region", { name: "SLA vencidos" });
  const row = breaches.getByRole("row").filter({ has: page.getByRole("link", { name: new RegExp(lateCase.caseId.slice(0, 8)) }) });
  await expect(row).toBeVisible({ timeout: 15_000 });
  await expect(row).toContainText("whatsapp");
  expect(await axeReport(page), "axe: crisis dashboard").toBe("");

  // The breach went through the drawn ladder: the case's timed decisions, in the log.
  const timed = await request.get(`/api/v1/decisions?caseId=${lateCase.caseId}&subject=timer`, { headers: auth });
  const items = ((await timed.json()) as { items: { queue?: string; priority?: string; firedRules: { playbookId: string; ruleId: string }[] }[] }).items;
  expect(items).toHaveLength(2);
  expect(items.flatMap((d) => d.firedRules.map((r) => r.playbookId))).toEqual([escId, escId]);
  expect(items.some((d) => d.priority === "urgent")).toBe(true);

  // The shared server goes back to normal routing for the specs that follow.
  const incidents = await request.get("/api/v1/crisis/incidents?status=active", { headers: auth });
  for (const inc of ((await incidents.json()) as { items: { id: string; playbookId: string }[] }).items.filter((x) => x.playbookId === criId)) {
    const r = await request.post(`/api/v1/crisis/incidents/${inc.id}/resolve`, { headers: auth, data: { note: "Fin de la prueba del tablero" } });
    expect(r.status()).toBe(200);
  }
});
