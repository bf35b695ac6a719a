// The version lifecycle in the browser, across roles: an admin requires approval; a strategist makes
// a version on the canvas and asks for approval on the playbook page (and is never offered
// "Aprobar"); an operator reviews the request, approves it with a comment and publishes it with
// another; then, approval off again, an operator schedules a publish a few seconds ahead, sees it
// go live and rolls it back with a reason; the change history names each step. Settings are put
// back as found; the playbooks are scoped to their own attributes.account, so no other spec's cases reach them.
import type { Page } from "@playwright/test";
import type { FlowDocument } from "@/schemas";
import { loginAs as loginOverHttp, sessionHeaders, trpcCall } from "../../support/auth";
import { openEditor, smallFlow } from "../../support/editor";
import { axeReport, expect, loginAs, test } from "../fixtures";

const uid = () => Date.now().toString(36) + Math.random().toString(36).slice(2, 6);

/** The small editor flow, entered only by cases of this playbook's own account. */
function scopedFlow(id: string): FlowDocument {
  const doc = smallFlow(id, "Aprobación E2E");
  const trigger = doc.graph.nodes.find((n) => n.type === "trigger");
  if (trigger?.type === "trigger") trigger.data.condition = { all: [{ fact: "attributes", path: "$.account", operator: "equal", value: id }] };
  return doc;
}

async function trpcAs(baseUrl: string, role: "admin" | "strategist", kind: "query" | "mutation", path: string, input: unknown): Promise<any> {
  const r = await trpcCall(baseUrl, kind, path, input, sessionHeaders(await loginOverHttp(baseUrl, role)));
  if (r.status !== 200) throw new Error(`${path} as ${role}: ${r.status} ${JSON.stringify(r.body).slice(0, 800)}`);
  return r.body.result.data;
}

const versions = (page: Page) => page.getByRole("region", { name: "Versiones" });
const row = (page: Page, n: number) => versions(page).getByRole("listitem").filter({ has: page.getByRole("heading", { name: `v${n}`, exact: true }) });
const status = (page: Page) => versions(page).getByTestId("lifecycle-status");


/** The browser's local wall-clock time `ms` from now, as a datetime-local value. */
const localIn = (page: Page, ms: number) =>
  page.evaluate((ahead) => {
    const d = new Date(Date.now() + ahead);
    const p = (n: number) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
  }, ms);

test("four eyes: a strategist asks, an operator approves and publishes with comments; a scheduled publish goes live on time and is rolled back", async ({ page, baseURL, request, apiKey }) => {
  const base = baseURL!;
  const id = `e2e-aprobacion-${uid()}`;
  const initial = (await trpcAs(base, "admin", "query", "settings.get", undefined)) as { requireApproval: boolean };
  try {
    // v1, live before approval is required (made from a draft, like the canvas does).
    const created = await trpcAs(base, "admin", "mutation", "playbooks.create", { id, name: "Aprobación E2E", locale: "es" });
    const saved = await trpcAs(base, "admin", "mutation", "playbooks.saveDraft", { id, baseRevision: created.revision, document: scopedFlow(id) });
    await trpcAs(base, "admin", "mutation", "playbooks.publishDraft", { id, revision: saved.revision, comment: "primera versión" });

    // The admin turns approval on.
    await page.goto("/admin/settings");
    const toggle = page.getByRole("switch", { name: "Exigir aprobación antes de publicar" });
    await expect(page.getByText("nunca la aprueba quien la hizo", { exact: false })).toBeVisible();
    await toggle.check();
    await expect(page.getByRole("status").filter({ hasText: "Guardado" })).toHaveText("Guardado: ahora se exige aprobación antes de publicar.");
    await expect(toggle).toBeChecked();

    // The strategist changes the draft and makes v2 on the canvas; the comment is required.
    const draft = await trpcAs(base, "strategist", "query", "playbooks.draft", { id });
    const changed = scopedFlow(id);
    const ventas = changed.graph.nodes.find((n) => n.id === "ventas");
    if (ventas?.type === "route") ventas.data.queue = "ventas-prioridad";
    await trpcAs(base, "strategist", "mutation", "playbooks.saveDraft", { id, baseRevision: draft.revision, document: changed });
    await loginAs(page, "strategist");
    await openEditor(page, id);
    await expect(page.getByTestId("request-approval")).toBeVisible();
    await expect(page.getByTestId("publish")).toHaveCount(0);
    await page.getByTestId("commit-version").click();
    const create = page.getByRole("dialog", { name: "Crear una versión" });
    await create.getByRole("button", { name: "Crear versión" }).click();
    const why = create.getByLabel("Comentario: qué cambió y por qué");
    await expect(why).toHaveAttribute("aria-invalid", "true");
    await expect(why).toBeFocused();
    await expect(create.getByText("Escribe el motivo (al menos 3 caracteres).")).toBeVisible();
    await why.fill("Los casos de WhatsApp van a la cola de ventas prioritarias");
    await create.getByRole("button", { name: "Crear versión" }).click();
    await expect(create).toBeHidden();
    await expect(page.getByTestId("editor-toast")).toHaveText(/Creada la versión 2\./);

    // …and asks for approval from the playbook page. "Aprobar" is never offered to them.
    await page.goto(`/playbooks/${id}`);
    await expect(row(page, 2).getByText("Validada", { exact: true })).toBeVisible();
    await expect(row(page, 2)).toContainText("Los casos de WhatsApp van a la cola de ventas prioritarias");
    await expect(versions(page)).toContainText("Este espacio exige aprobación antes de publicar");
    await row(page, 2).getByRole("button", { name: "Solicitar aprobación" }).click();
    const ask = page.getByRole("dialog", { name: "Solicitar aprobación de v2" });
    await ask.getByLabel("Qué cambió y por qué").fill("Revisa la cola nueva antes del lunes, por favor");
    await ask.getByRole("button", { name: "Solicitar aprobación" }).click();
    await expect(ask).toBeHidden();
    await expect(status(page)).toHaveText("Aprobación solicitada para v2.");
    await expect(row(page, 2).getByText("En aprobación", { exact: true })).toBeVisible();
    await expect(row(page, 2).getByRole("link", { name: "v2", exact: true })).toBeFocused();
    await expect(versions(page).getByRole("button", { name: "Aprobar" })).toHaveCount(0);
    await expect(versions(page).getByRole("button", { name: "Publicar" })).toHaveCount(0);

    // An operator sees the request (who, why), approves it with a comment…
    await loginAs(page, "operator");
    await page.reload();
    const v2 = row(page, 2);
    await expect(v2.getByTestId("approval")).toContainText("Aprobación pedida por strategist@pauta.test");
    await expect(v2.getByTestId("approval")).toContainText("Revisa la cola nueva antes del lunes, por favor");
    await expect(v2.getByRole("button", { name: "Publicar" })).toHaveCount(0);
    expect(await axeReport(page), "axe on the versions section").toBe("");
    await v2.getByRole("button", { name: "Aprobar" }).click();
    const approve = page.getByRole("dialog", { name: "Aprobar v2" });
    await expect(approve).toContainText("Solicitada por strategist@pauta.test");
    await expect(approve.getByLabel("Tu comentario")).toBeFocused();
    expect(await axeReport(page), "axe with the approve dialog open").toBe("");
    await expect(approve).toContainText("Revisa la cola nueva antes del lunes, por favor");
    await approve.getByRole("button", { name: "Aprobar" }).click();
    await expect(approve.getByLabel("Tu comentario")).toHaveAttribute("aria-invalid", "true");
    await approve.getByLabel("Tu comentario").fill("Revisado: solo cambia la cola de ventas");
    await approve.getByRole("button", { name: "Aprobar" }).click();
    await expect(approve).toBeHidden();
    await expect(status(page)).toHaveText("v2 aprobada.");
    await expect(v2.getByText("Aprobada", { exact: true }).first()).toBeVisible();
    await expect(v2.getByTestId("approval")).toContainText("Aprobada por operator@pauta.test");

    // …and publishes it with a comment: Publicada, with who, when and why.
    await v2.getByRole("button", { name: "Publicar" }).click();
    const publish = page.getByRole("dialog", { name: "Publicar v2" });
    await expect(publish).toContainText("Este espacio exige aprobación antes de publicar.");
    await expect(publish).toContainText("Aprobada por operator@pauta.test");
    await publish.getByLabel("Por qué pasa a producción").fill("Aprobada por operación: ventas prioritarias desde hoy");
    await publish.getByRole("button", { name: "Publicar ahora" }).click();
    await expect(publish).toBeHidden();
    await expect(status(page)).toHaveText("v2 publicada.");
    await expect(v2.getByText("Publicada", { exact: true })).toBeVisible();
    const live = v2.getByTestId("last-publication");
    await expect(live).toContainText("En vivo desde");
    await expect(live).toContainText("por operator@pauta.test");
    await expect(live.locator("time")).toBeVisible();
    await expect(live).toContainText("Aprobada por operación: ventas prioritarias desde hoy");
    await expect(row(page, 1).getByText("Reemplazada", { exact: true })).toBeVisible();
    await expect(row(page, 1).getByRole("button", { name: "Revertir a esta versión" })).toBeVisible();
    const log = page.getByRole("region", { name: "Registro de publicaciones" });
    await expect(log.getByRole("row").nth(1)).toContainText("Publicada");
    await expect(log.getByRole("row").nth(1)).toContainText("v1 → v2");
    await expect(log.getByRole("row").nth(1)).toContainText("operator@pauta.test");

    // The version's own page shows the same lifecycle, with a place for its backtest panel.
    await v2.getByRole("link", { name: "v2", exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/playbooks/${id}/versions/2$`));
    const card = page.getByRole("region", { name: "Publicación y aprobación" });
    await expect(card).toContainText("Los casos de WhatsApp van a la cola de ventas prioritarias");
    await expect(card.getByTestId("approval")).toContainText("Aprobada por operator@pauta.test");
    await expect(card.getByTestId("last-publication")).toContainText("Aprobada por operación: ventas prioritarias desde hoy");
    await expect(card.getByRole("link", { name: "Exportar archivo" })).toHaveAttribute("href", `/api/v1/playbooks/${id}/file?version=2`);
    await expect(page.locator("#backtest")).toBeAttached();

    // The admin turns approval off again.
    await loginAs(page, "admin");
    await page.goto("/admin/settings");
    await page.getByRole("switch", { name: "Exigir aprobación antes de publicar" }).uncheck();
    await expect(page.getByRole("status").filter({ hasText: "Guardado" })).toHaveText("Guardado: ya no se exige aprobación antes de publicar.");

    // Scheduling: v3 (imported from v2's exported file) goes live 5 s after the operator schedules it.
    const file = await request.get(`/api/v1/playbooks/${id}/file?version=2`, { headers: { authorization: `Bearer ${apiKey}` } });
    expect(file.status()).toBe(200);
    const v3doc = { ...(await file.json()), name: "Aprobación E2E (fin de semana)" };
    const imported = await request.post("/api/v1/playbooks?comment=nombre%20de%20fin%20de%20semana", { headers: { authorization: `Bearer ${apiKey}` }, data: v3doc });
    expect(imported.status(), await imported.text()).toBe(201);
    await loginAs(page, "operator");
    await page.goto(`/playbooks/${id}`);
    await row(page, 3).getByRole("button", { name: "Publicar" }).click();
    const later = page.getByRole("dialog", { name: "Publicar v3" });
    await later.getByLabel("Por qué pasa a producción").fill("Cambio de nombre para el fin de semana");
    await later.getByRole("radio", { name: "Programar" }).check();
    await later.getByLabel("Inicio").fill(await localIn(page, 5_000));
    await later.getByRole("button", { name: "Programar publicación" }).click();
    await expect(later).toBeHidden();
    await expect(status(page)).toContainText("v3 programada: se publica el");
    await expect(row(page, 3).getByText("Programada", { exact: true })).toBeVisible();
    await expect(row(page, 3).getByTestId("schedules")).toContainText("programada por operator@pauta.test");
    await expect(row(page, 3).getByRole("button", { name: "Cancelar" })).toBeVisible();
    await expect(async () => {
      await page.reload();
      await expect(row(page, 3).getByText("Publicada", { exact: true })).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 20_000, intervals: [1_000] });
    await expect(log.getByRole("row").nth(1)).toContainText("Inicio programado");
    await expect(log.getByRole("row").nth(1)).toContainText("v2 → v3");
    await expect(log.getByRole("row").nth(1)).toContainText("el programador");

    // Rolling back to v2 takes a reason and is logged as a rollback.
    await row(page, 2).getByRole("button", { name: "Revertir a esta versión" }).click();
    const back = page.getByRole("dialog", { name: "Revertir a v2" });
    await expect(back).toContainText("en lugar de v3");
    await back.getByLabel("Motivo de la reversión").fill("El nombre de fin de semana confunde a los agentes");
    await back.getByRole("button", { name: "Revertir" }).click();
    await expect(status(page)).toHaveText("Revertido: v2 vuelve a estar en vivo.");
    await expect(row(page, 2).getByText("Publicada", { exact: true })).toBeVisible();
    await expect(row(page, 3).getByText("Revertida", { exact: true })).toBeVisible();
    await expect(log.getByRole("row").nth(1)).toContainText("Reversión");
    await expect(log.getByRole("row").nth(1)).toContainText("v3 → v2");

    // The change history names every step; the scheduled start and the rollback keep their diff and their decisions.
    await page.goto(`/audit/history?entity=playbook&entityId=${id}`);
    const entry = (label: string) => page.getByRole("article").filter({ hasText: label }).first();
    await expect(entry("Aprobación solicitada")).toContainText("Revisa la cola nueva antes del lunes, por favor");
    await expect(entry("Versión aprobada")).toContainText("Revisado: solo cambia la cola de ventas");
    await expect(entry("Publicación programada")).toBeVisible();
    const started = entry("Inicio programado: versión publicada");
    await expect(started).toContainText("v2 → v3");
    await expect(started).toContainText("Otros cambios del documento");
    await expect(started.getByTestId("decisions-under")).toHaveText("0 decisiones");
    const rolledBack = entry("Versión revertida");
    await expect(rolledBack).toContainText("v3 → v2");
    await expect(rolledBack).toContainText("El nombre de fin de semana confunde a los agentes");
    await expect(rolledBack).toContainText("Otros cambios del documento");
    await expect(rolledBack.getByTestId("decisions-under")).toHaveText("0 decisiones");
  } finally {
    await trpcAs(base, "admin", "mutation", "settings.update", { requireApproval: initial.requireApproval });
  }
});

test("with approval required, the editor's primary action asks for approval instead of publishing", async ({ page, baseURL }) => {
  const base = baseURL!;
  const id = `e2e-aprobacion-lienzo-${uid()}`;
  const initial = (await trpcAs(base, "admin", "query", "settings.get", undefined)) as { requireApproval: boolean };
  try {
    const created = await trpcAs(base, "admin", "mutation", "playbooks.create", { id, name: "Aprobación E2E", locale: "es" });
    await trpcAs(base, "admin", "mutation", "playbooks.saveDraft", { id, baseRevision: created.revision, document: scopedFlow(id) });
    await trpcAs(base, "admin", "mutation", "settings.update", { requireApproval: true });

    // The admin may publish, but with approval required the canvas offers the request instead.
    await openEditor(page, id);
    await expect(page.getByTestId("publish")).toHaveCount(0);
    await page.getByRole("button", { name: "Solicitar aprobación" }).click();
    const ask = page.getByRole("dialog", { name: "Solicitar aprobación" });
    await expect(ask).toContainText("Este espacio exige aprobación antes de publicar.");
    await ask.getByLabel("Comentario: qué cambió y por qué").fill("Primer flujo: WhatsApp a ventas");
    await ask.getByLabel("Comentario: qué cambió y por qué").press("Control+Enter");
    await expect(ask).toBeHidden();
    await expect(page.getByTestId("editor-toast")).toHaveText(/Creada la versión 1: espera aprobación\./);

    await page.goto(`/playbooks/${id}`);
    await expect(row(page, 1).getByText("En aprobación", { exact: true })).toBeVisible();
    await expect(row(page, 1).getByTestId("approval")).toContainText("Aprobación pedida por admin@pauta.test");
    // The admin asked, so they may withdraw it, but not approve it.
    await expect(row(page, 1).getByRole("button", { name: "Aprobar" })).toHaveCount(0);
    await row(page, 1).getByRole("button", { name: "Retirar solicitud" }).click();
    await expect(status(page)).toHaveText("Solicitud de aprobación de v1 retirada.");
    await expect(row(page, 1).getByText("Validada", { exact: true })).toBeVisible();
  } finally {
    await trpcAs(base, "admin", "mutation", "settings.update", { requireApproval: initial.requireApproval });
  }
});
