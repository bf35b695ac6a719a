// Issue 4, acceptance: a strategist draws a routing flow on the canvas from an empty playbook, and the
// saved draft decides as drawn.
import type { Decision } from "@/schemas";
import { sampleCase } from "../../support/api";
import { allEdges, allNodes, connect, dropFromPalette, flowNode, nodeBody, waitReady } from "../../support/editor";
import { expect, test } from "../fixtures";

test.use({ role: "strategist", viewport: { width: 1600, height: 1000 } });

test("a strategist draws trigger → switch → condition → two routes, fixes the error on its node, tries a case, undoes and redoes, saves; the draft decides as drawn", async ({
  page,
  request,
  apiKey,
}) => {
  test.setTimeout(120_000);

  // An empty playbook, created through the "Nuevo playbook" form.
  await page.goto("/playbooks");
  await page.getByRole("button", { name: "Nuevo playbook" }).click();
  const form = page.getByTestId("new-playbook-form");
  const name = `Ventas por canal ${Date.now().toString(36)}`;
  await form.getByLabel("Nombre", { exact: true }).fill(name);
  const playbookId = await form.getByLabel("Identificador").inputValue();
  expect(playbookId).toMatch(/^ventas-por-canal-[a-z0-9]+$/);
  await form.getByRole("button", { name: "Crear y abrir el lienzo" }).click();
  await expect(page).toHaveURL(new RegExp(`/playbooks/${playbookId}/edit$`));
  await waitReady(page);
  // A new playbook starts with a trigger already placed; remove it to draw everything from the palette.
  await expect(allNodes(page)).toHaveCount(1);
  await allNodes(page).first().click();
  await page.keyboard.press("Delete");
  await expect(allNodes(page)).toHaveCount(0);

  // Five nodes dragged from the palette, spread over the canvas (zoomed out to make room).
  for (let i = 0; i < 4; i++) await page.getByRole("button", { name: "Alejar" }).click();
  const canvas = page.getByTestId("flow-editor").locator(".react-flow").first();
  const box = (await canvas.boundingBox())!;
  const at = (fx: number, fy: number) => ({ x: Math.round(box.width * fx), y: Math.round(box.height * fy) });
  const trigger = await dropFromPalette(page, "trigger", at(0.12, 0.4));
  const sw = await dropFromPalette(page, "switch", at(0.37, 0.4));
  const cond = await dropFromPalette(page, "condition", at(0.62, 0.15));
  const routeA = await dropFromPalette(page, "route", at(0.87, 0.1));
  const routeB = await dropFromPalette(page, "route", at(0.87, 0.6));
  await expect(allNodes(page)).toHaveCount(5);
  // A second trigger is refused, with a message.
  await page.getByTestId("palette-item-trigger").dragTo(canvas, { targetPosition: at(0.3, 0.85) });
  await expect(page.getByTestId("editor-toast")).toContainText("ya tiene un disparador");
  await expect(allNodes(page)).toHaveCount(5);

  const inspector = page.getByTestId("inspector");
  // Node summaries are read from each node's accessible name ("Enviar a cola: Cola general"): zoomed
  // out, the canvas draws only titles.

  // Switch on the channel (a new switch starts on it, with one empty branch): the branch is WhatsApp.
  await flowNode(page, sw).click();
  await expect(inspector.getByLabel("Dato", { exact: true })).toHaveValue("channel");
  const branchValues = inspector.getByRole("group", { name: "Valores de la rama 1" });
  await branchValues.getByLabel("whatsapp").check();
  await expect(branchValues.getByRole("checkbox", { checked: true })).toHaveCount(1);
  await expect(branchValues.getByLabel("whatsapp")).toBeChecked();

  // Condition: the text mentions a price.
  await flowNode(page, cond).click();
  const leaf = inspector.getByRole("group", { name: "condición 1" });
  await leaf.getByLabel("Dato", { exact: true }).selectOption({ label: "Texto del mensaje" });
  await leaf.getByLabel("Operador").selectOption("containsAnyWord");
  const words = leaf.getByLabel("Valores");
  for (const w of ["precio", "costo"]) {
    await words.fill(w);
    await words.press("Enter");
  }
  await expect(flowNode(page, cond)).toHaveAttribute("aria-label", /precio/);

  // Route B: the general queue. Route A's queue stays empty for now.
  await flowNode(page, routeB).click();
  await inspector.getByLabel("Cola", { exact: true }).fill("general");
  await expect(flowNode(page, routeB)).toHaveAttribute("aria-label", /Cola general/);

  // Connect by dragging handles.
  const switchCase = await flowNode(page, sw).locator('.react-flow__handle[data-handleid^="case:"]').first().getAttribute("data-handleid");
  await connect(page, trigger, "out", sw);
  await connect(page, sw, switchCase!, cond);
  await connect(page, sw, "default", routeB);
  await connect(page, cond, "true", routeA);
  await expect(allEdges(page)).toHaveCount(4);

  // The empty queue is the drawing's only error: marked on route A's node and listed in the checklist,
  // whose "Ir al nodo" selects the node and opens it in the inspector.
  await expect(nodeBody(page, routeA)).toHaveAttribute("data-invalid", "true");
  await expect(nodeBody(page, routeA).getByTestId("node-issue")).toBeVisible();
  for (const id of [trigger, sw, cond, routeB]) await expect(nodeBody(page, id)).not.toHaveAttribute("data-invalid", "true");
  await page.keyboard.press("Escape");
  await expect(flowNode(page, routeA)).not.toHaveClass(/selected/);
  const errors = page.getByTestId("checklist").locator('[data-testid="checklist-item"][data-severity="error"]');
  await expect(errors).toHaveCount(1);
  await expect(errors).toContainText(/cola/i);
  await errors.getByRole("button", { name: "Ir al nodo" }).click();
  await expect(flowNode(page, routeA)).toHaveClass(/selected/);
  await inspector.getByLabel("Cola", { exact: true }).fill("ventas-whatsapp");
  await expect(nodeBody(page, routeA)).not.toHaveAttribute("data-invalid", "true");
  await expect(errors).toHaveCount(0);

  // Try it: a WhatsApp case asking for a price lights up trigger → switch → condition → route A.
  await page.getByTestId("try-it").click();
  const tryPanel = page.getByTestId("try-panel");
  await expect(tryPanel).toBeVisible();
  await tryPanel.getByLabel("Canal").selectOption("whatsapp");
  await tryPanel.getByLabel("Texto del mensaje").fill("Hola, ¿cuál es el precio de la maestría?");
  await tryPanel.getByTestId("try-run").click();
  await expect(nodeBody(page, routeA)).toHaveAttribute("data-state", "fired");
  await expect(nodeBody(page, cond)).toHaveAttribute("data-state", "passed");
  await expect(nodeBody(page, sw)).toHaveAttribute("data-state", "passed");
  await expect(nodeBody(page, routeB)).toHaveAttribute("data-state", /skipped|not_fired/);
  await expect(page.locator(".react-flow__edge.flow-edge-taken")).toHaveCount(3);
  await expect(page.locator(".react-flow__edge.flow-dim")).toHaveCount(1);
  await expect(flowNode(page, routeB).locator(".flow-dim").or(page.locator(`.react-flow__node.flow-dim[data-id="${routeB}"]`))).toHaveCount(1);
  await expect(tryPanel.getByTestId("try-result")).toContainText("ventas-whatsapp");

  // Undo three steps (route A's queue, its edge, the default branch's edge), then redo them.
  const undo = page.getByTestId("undo");
  const redo = page.getByTestId("redo");
  for (let i = 0; i < 3; i++) await undo.click();
  await expect(allEdges(page)).toHaveCount(2);
  await expect(flowNode(page, routeA)).not.toHaveAttribute("aria-label", /ventas-whatsapp/);
  await expect(nodeBody(page, routeA).getByTestId("node-issue")).toBeVisible();
  await expect(redo).toBeEnabled();
  for (let i = 0; i < 3; i++) await redo.click();
  await expect(allEdges(page)).toHaveCount(4);
  await expect(flowNode(page, routeA)).toHaveAttribute("aria-label", /Cola ventas-whatsapp/);
  await expect(nodeBody(page, routeA)).not.toHaveAttribute("data-invalid", "true");
  await expect(redo).toBeDisabled();

  // Save.
  await page.getByTestId("save").click();
  await expect(page.getByTestId("save-status")).toHaveAttribute("data-status", "saved");

  // The saved draft decides as drawn.
  const cases = [
    sampleCase({ channel: "whatsapp", text: "Buenas tardes, ¿qué costo tiene el diplomado?" }),
    sampleCase({ channel: "email", text: "Quiero saber el precio" }),
    sampleCase({ channel: "whatsapp", text: "Hola, buenos días" }),
  ];
  const res = await request.post("/api/v1/simulate", { headers: { authorization: `Bearer ${apiKey}` }, data: { mode: "draft", playbookId, cases } });
  expect(res.status(), await res.text()).toBe(200);
  const { decisions } = (await res.json()) as { decisions: Decision[] };
  const [whatsappPrice, emailPrice, whatsappHello] = decisions;
  expect(whatsappPrice!.outcome.queue).toBe("ventas-whatsapp");
  expect(whatsappPrice!.firedRules.map((r) => r.ruleId)).toEqual([routeA]);
  expect(emailPrice!.outcome.queue).toBe("general");
  expect(emailPrice!.firedRules.map((r) => r.ruleId)).toEqual([routeB]);
  expect(whatsappHello!.outcome.queue).toBeUndefined();
  expect(whatsappHello!.firedRules).toEqual([]);
});
