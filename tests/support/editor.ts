// Helpers for driving the canvas editor (app/playbooks/_editor) from Playwright, through the test
// hooks agreed for it: data-testid on the editor, palette, inspector, toolbar; React Flow's own
// `.react-flow__node[data-id]` and `.react-flow__handle[data-handleid]`.
import type { Locator, Page } from "@playwright/test";
import type { FlowDocument, FlowNodeType, Role } from "@/schemas";
import { loginAs, sessionHeaders, trpcCall } from "./auth";

export const editorRoot = (page: Page): Locator => page.getByTestId("flow-editor");

/** Open the editor of a playbook and wait until its nodes are rendered. */
export async function openEditor(page: Page, playbookId: string): Promise<void> {
  await page.goto(`/playbooks/${encodeURIComponent(playbookId)}/edit`);
  await waitReady(page);
}

export async function waitReady(page: Page): Promise<void> {
  await page.locator('[data-testid="flow-editor"][data-ready="true"]').waitFor();
}

/** React Flow's wrapper of a canvas node. */
export const flowNode = (page: Page, id: string): Locator => page.locator(`.react-flow__node[data-id="${id}"]`);
/** The node renderer's root (carries data-state, data-invalid). */
export const nodeBody = (page: Page, id: string): Locator => flowNode(page, id).locator("[data-testid^='node-']").first();
export const flowEdge = (page: Page, id: string): Locator => page.locator(`.react-flow__edge[data-id="${id}"]`);
export const allNodes = (page: Page): Locator => page.locator(".react-flow__node");
export const allEdges = (page: Page): Locator => page.locator(".react-flow__edge");

/** The ids of the canvas nodes of one kind, in DOM order. */
export async function nodeIds(page: Page, type: FlowNodeType): Promise<string[]> {
  return page
    .locator(".react-flow__node")
    .filter({ has: page.locator(`[data-testid="node-${type}"]`) })
    .evaluateAll((els) => els.map((e) => e.getAttribute("data-id")!));
}

/**
 * Drag a palette item onto the canvas (a real HTML5 drag: Playwright moves the mouse with the
 * button down, Chromium fires dragstart/dragover/drop with the item's DataTransfer). `at` is
 * relative to the canvas' top-left corner. Returns the new node's id.
 */
export async function dropFromPalette(page: Page, type: FlowNodeType, at: { x: number; y: number }): Promise<string> {
  const before = new Set(await allNodes(page).evaluateAll((els) => els.map((e) => e.getAttribute("data-id"))));
  const item = page.getByTestId(`palette-item-${type}`);
  await item.scrollIntoViewIfNeeded();
  await item.dragTo(editorRoot(page).locator(".react-flow").first(), { targetPosition: at });
  let id: string | undefined;
  await page.waitForFunction(
    (known) => [...document.querySelectorAll(".react-flow__node")].some((e) => !known.includes(e.getAttribute("data-id")!)),
    [...before] as string[],
  );
  for (const e of await allNodes(page).evaluateAll((els) => els.map((x) => x.getAttribute("data-id")!))) if (!before.has(e)) id = e;
  return id!;
}

/** Drag from a source handle of one node to the `in` handle of another (mouse down, move, up). */
export async function connect(page: Page, source: string, handle: string, target: string): Promise<void> {
  const from = flowNode(page, source).locator(`.react-flow__handle[data-handleid="${handle}"]`);
  const to = flowNode(page, target).locator('.react-flow__handle[data-handleid="in"]');
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  if (!a || !b) throw new Error(`handle ${source}:${handle} or ${target}:in is not on screen`);
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2 + 10, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
  await page.mouse.up();
}

/** Each node's position in flow coordinates (React Flow's translate on its wrapper: independent of zoom and pan). */
export async function flowPositions(page: Page): Promise<Record<string, string>> {
  return Object.fromEntries(await allNodes(page).evaluateAll((els) => els.map((e) => [e.getAttribute("data-id")!, (e as HTMLElement).style.transform])));
}

export interface Box {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Pairs of node boxes (as drawn on screen) that overlap by more than `tolerance` px on both axes. */
export async function overlappingNodes(page: Page, tolerance = 0.5): Promise<[string, string][]> {
  const boxes: Box[] = await allNodes(page).evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return { id: e.getAttribute("data-id")!, x: r.x, y: r.y, width: r.width, height: r.height };
    }),
  );
  const out: [string, string][] = [];
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      const dx = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
      const dy = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
      if (dx > tolerance && dy > tolerance) out.push([a.id, b.id]);
    }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Server side: playbooks with a given draft, through the app's tRPC procedures (as a person).

async function trpcOk(baseUrl: string, headers: Record<string, string>, kind: "query" | "mutation", path: string, input: unknown): Promise<any> {
  const r = await trpcCall(baseUrl, kind, path, input, headers);
  if (r.status !== 200) throw new Error(`${path} failed: ${r.status} ${JSON.stringify(r.body).slice(0, 1500)}`);
  return r.body.result.data;
}

/** Create a playbook and save `doc` as its draft; returns the draft's revision. */
export async function seedDraft(baseUrl: string, doc: FlowDocument, as: Role = "admin"): Promise<number> {
  const headers = sessionHeaders(await loginAs(baseUrl, as));
  const draft = await trpcOk(baseUrl, headers, "mutation", "playbooks.create", { id: doc.id, name: doc.name, locale: doc.locale });
  const saved = await trpcOk(baseUrl, headers, "mutation", "playbooks.saveDraft", { id: doc.id, baseRevision: draft.revision, document: doc });
  return saved.revision as number;
}

/** The saved draft of a playbook (document, revision, issues). */
export async function readDraft(baseUrl: string, id: string, as: Role = "admin"): Promise<{ revision: number; document: FlowDocument; issues: { severity: string; code: string; nodeId?: string }[] }> {
  const headers = sessionHeaders(await loginAs(baseUrl, as));
  return trpcOk(baseUrl, headers, "query", "playbooks.draft", { id });
}

/** A small complete flow: trigger → condition (WhatsApp?) → yes: route `ventas`, no: route `general` (positions deliberately untidy). */
export function smallFlow(id: string, name = "Flujo de prueba"): FlowDocument {
  return {
    schemaVersion: 1,
    id,
    kind: "routing",
    name,
    locale: "es",
    precedence: 100,
    settings: { conflictStrategy: "collect" },
    conditions: {},
    graph: {
      schemaVersion: 1,
      nodes: [
        { id: "start", type: "trigger", position: { x: 0, y: 120 }, data: { channels: [], events: ["case.created"] } },
        { id: "es-whatsapp", type: "condition", position: { x: 330, y: 40 }, data: { condition: { all: [{ fact: "channel", operator: "equal", value: "whatsapp" }] } } },
        { id: "ventas", type: "route", position: { x: 640, y: 0 }, data: { queue: "ventas" } },
        { id: "general", type: "route", position: { x: 600, y: 300 }, data: { queue: "general" } },
      ],
      edges: [
        { id: "e1", source: "start", sourceHandle: "out", target: "es-whatsapp" },
        { id: "e2", source: "es-whatsapp", sourceHandle: "true", target: "ventas" },
        { id: "e3", source: "es-whatsapp", sourceHandle: "false", target: "general" },
      ],
    },
  };
}
