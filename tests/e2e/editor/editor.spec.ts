// The canvas editor beyond the acceptance drawing: keyboard, clipboard, auto-layout, stale saves,
// languages, the read-only "show on canvas" of a logged decision, imported layouts and axe.
import { axeReport, loginAs } from "../fixtures";
import { allEdges, allNodes, flowNode, flowPositions, nodeBody, openEditor, overlappingNodes, seedDraft, smallFlow, waitReady } from "../../support/editor";
import { expect, test } from "../fixtures";

const uid = () => Date.now().toString(36) + Math.random().toString(36).slice(2, 6);

test.describe("canvas editor", () => {
  test("keyboard: ? opens the cheat sheet, Delete removes, Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y undo and redo", async ({ page, baseURL }) => {
    const id = `e2e-keys-${uid()}`;
    await seedDraft(baseURL!, smallFlow(id));
    await openEditor(page, id);
    await expect(allNodes(page)).toHaveCount(4);

    await flowNode(page, "general").click();
    await page.keyboard.press("?");
    const dialog = page.getByRole("dialog", { name: "Atajos de teclado" });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText("Ctrl");
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();

    await flowNode(page, "general").click();
    await page.keyboard.press("Delete");
    await expect(allNodes(page)).toHaveCount(3);
    await expect(allEdges(page)).toHaveCount(2);
    await page.keyboard.press("Control+z");
    await expect(allNodes(page)).toHaveCount(4);
    await expect(allEdges(page)).toHaveCount(3);
    await page.keyboard.press("Control+Shift+z");
    await expect(allNodes(page)).toHaveCount(3);
    await page.keyboard.press("Control+z");
    await expect(allNodes(page)).toHaveCount(4);
    await page.keyboard.press("Control+y");
    await expect(allNodes(page)).toHaveCount(3);
  });

  test("copy / paste / duplicate make new nodes with the same settings; auto-layout is one undo step", async ({ page, baseURL }) => {
    const id = `e2e-clip-${uid()}`;
    await seedDraft(baseURL!, smallFlow(id));
    await openEditor(page, id);

    await flowNode(page, "ventas").click();
    await page.keyboard.press("Control+c");
    await page.keyboard.press("Control+v");
    await expect(allNodes(page)).toHaveCount(5);
    await page.keyboard.press("Control+d");
    await expect(allNodes(page)).toHaveCount(6);
    // (read from the nodes' accessible names: zoomed out, nodes show only their titles)
    const copies = page.locator('.react-flow__node[aria-label*="Cola ventas"]');
    await expect(copies).toHaveCount(3);
    const ids = await copies.evaluateAll((els) => els.map((e) => e.getAttribute("data-id")));
    expect(new Set(ids).size).toBe(3);
    await page.keyboard.press("Control+z");
    await page.keyboard.press("Control+z");
    await expect(allNodes(page)).toHaveCount(4);

    // Auto-layout moves nodes; a single undo puts every one back.
    const before = await flowPositions(page);
    await page.getByTestId("layout").click();
    await expect.poll(() => flowPositions(page)).not.toEqual(before);
    const laidOut = await flowPositions(page);
    expect(await overlappingNodes(page)).toEqual([]);
    await page.getByTestId("undo").click();
    await expect.poll(() => flowPositions(page)).toEqual(before);
    await page.getByTestId("redo").click();
    await expect.poll(() => flowPositions(page)).toEqual(laidOut);
  });

  test("a stale save is refused with a banner naming who saved first", async ({ page, browser, baseURL }) => {
    const id = `e2e-stale-${uid()}`;
    await seedDraft(baseURL!, smallFlow(id));
    await openEditor(page, id);

    // A strategist opens the same draft in another browser, deletes a node and saves first.
    const other = await browser.newContext();
    try {
      await loginAs(other, "strategist");
      const theirs = await other.newPage();
      await openEditor(theirs, id);
      await flowNode(theirs, "general").click();
      await theirs.keyboard.press("Delete");
      await theirs.getByTestId("save").click();
      await expect(theirs.getByTestId("save-status")).toHaveAttribute("data-status", "saved");
    } finally {
      await other.close();
    }

    // The admin's copy is now stale: their save is refused, and nothing of theirs overwrote the draft.
    await flowNode(page, "ventas").click();
    await page.keyboard.press("Delete");
    await page.keyboard.press("Control+s");
    const banner = page.getByTestId("stale-banner");
    await expect(banner).toBeVisible();
    await expect(banner).toHaveAttribute("role", "alert");
    await expect(banner).toContainText("Test strategist");
    await expect(page.getByTestId("save-status")).toHaveAttribute("data-status", "conflict");
    await expect(allNodes(page)).toHaveCount(3);
    await banner.getByRole("button", { name: "Recargar" }).click();
    await waitReady(page);
    // Reloaded: the strategist's version (general deleted, ventas kept).
    await expect(flowNode(page, "ventas")).toBeVisible();
    await expect(flowNode(page, "general")).toHaveCount(0);
  });

  test("the editor speaks English when the language is switched", async ({ page, baseURL }) => {
    const id = `e2e-lang-${uid()}`;
    await seedDraft(baseURL!, smallFlow(id));
    await openEditor(page, id);
    await expect(page.getByTestId("undo")).toHaveAccessibleName(/Deshacer/);
    await expect(page.getByTestId("palette")).toContainText("Condición");
    await page.getByRole("button", { name: "English" }).click();
    await expect(page.getByTestId("undo")).toHaveAccessibleName(/Undo/);
    await expect(page.getByTestId("palette")).toContainText("Condition");
    await flowNode(page, "ventas").click();
    await expect(page.getByTestId("inspector").getByLabel("Queue")).toHaveValue("ventas");
    await expect(nodeBody(page, "es-whatsapp")).toContainText("Condition");
    await expect(flowNode(page, "ventas")).toHaveAttribute("aria-label", /Queue ventas/);
  });

  test("a logged decision opens read-only on the canvas of its version with the fired action marked", async ({ page, request, apiKey }) => {
    const res = await request.post("/api/v1/cases", {
      headers: { authorization: `Bearer ${apiKey}` },
      data: {
        externalId: `e2e-canvas-${uid()}`,
        channel: "whatsapp",
        text: "Hola, quiero información de la Maestría en Finanzas",
        customer: { id: "cli-e2e-canvas", name: "Lucía Hernández", country: "MX", tier: "new" },
        attributes: { account: "posgrados-unimx", program: "Maestría en Finanzas" },
      },
    });
    expect(res.status(), await res.text()).toBe(201);
    const { decisionId } = (await res.json()) as { decisionId: string };

    await page.goto(`/decisions/${decisionId}`);
    const link = page.getByRole("link", { name: /Ver en el lienzo/ }).and(page.locator('[href*="/playbooks/posgrados-whatsapp/"]'));
    await link.first().click();
    await expect(page).toHaveURL(new RegExp(`/playbooks/posgrados-whatsapp/versions/\\d+/canvas\\?decision=${decisionId}$`));
    await waitReady(page);
    const fired = page.locator('.react-flow__node[aria-label*="posgrado-mx"]').filter({ has: page.locator('[data-state="fired"]') });
    await expect(fired).toHaveCount(1);
    await expect(page.locator('[data-testid^="node-"][data-state="skipped"], [data-testid^="node-"][data-state="not_fired"]').first()).toBeVisible();
    await expect(page.locator(".react-flow__edge.flow-edge-taken").first()).toBeAttached();
    // Read-only: no palette, no saving.
    await expect(page.getByTestId("palette")).toHaveCount(0);
    await expect(page.getByTestId("save")).toHaveCount(0);
  });

  test("an imported example playbook opens laid out, with no overlapping nodes", async ({ page }) => {
    for (const id of ["posgrados-whatsapp", "cooperativa-ruteo", "delivery-reembolsos"]) {
      await openEditor(page, id);
      expect(await allNodes(page).count()).toBeGreaterThan(4);
      await page.getByTestId("fit").click();
      expect(await overlappingNodes(page), `overlapping nodes in ${id}`).toEqual([]);
    }
  });

  test("pasted json-rules-engine rules replace the drawing, laid out, as one undo step", async ({ page, baseURL }) => {
    const id = `e2e-import-${uid()}`;
    await seedDraft(baseURL!, smallFlow(id));
    await openEditor(page, id);
    await expect(allNodes(page)).toHaveCount(4);
    const rules = [
      { name: "vip", priority: 5, conditions: { all: [{ fact: "customerTier", operator: "equal", value: "vip" }] }, event: { type: "route", params: { queue: "vip" } } },
      { name: "fraude", conditions: { any: [{ fact: "text", operator: "containsWord", value: "fraude" }] }, event: { type: "route", params: { queue: "fraude" } } },
    ];
    await page.getByTestId("import-rules").click();
    const dialog = page.getByRole("dialog", { name: "Importar reglas" });
    const field = dialog.getByLabel("Reglas (JSON)");
    // a broken paste is explained, nothing changes
    await field.fill("[{");
    await dialog.getByRole("button", { name: "Importar y ordenar" }).click();
    await expect(dialog.getByRole("alert")).toContainText("No es JSON válido");
    await field.fill(JSON.stringify(rules));
    await dialog.getByRole("button", { name: "Importar y ordenar" }).click();
    await expect(dialog).toBeHidden();
    // trigger + per rule a condition and its route
    await expect(allNodes(page)).toHaveCount(5);
    await expect(page.locator('.react-flow__node [data-testid="node-route"]')).toHaveCount(2);
    await page.getByTestId("fit").click();
    expect(await overlappingNodes(page)).toEqual([]);
    await page.getByTestId("undo").click();
    await expect(allNodes(page)).toHaveCount(4);
    await expect(flowNode(page, "ventas")).toBeVisible();
  });

  test("axe: no serious or critical violations on the editor with a node selected and the inspector open", async ({ page, baseURL }) => {
    const id = `e2e-axe-${uid()}`;
    await seedDraft(baseURL!, smallFlow(id));
    await openEditor(page, id);
    await flowNode(page, "es-whatsapp").click();
    await expect(page.getByTestId("inspector")).toBeVisible();
    expect(await axeReport(page), "axe: serious or critical violations").toBe("");
  });
});
