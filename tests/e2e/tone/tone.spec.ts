// Issue 7, acceptance (tone): a strategist creates a tone playbook from "Nuevo playbook", writes
// guidelines (usted on WhatsApp, a greeting required, «le garantizamos» banned in favour of
// «haremos todo lo posible»), types a reply that breaks two of them and sees both spans
// highlighted with their suggestions, fixes it (Apply, then typing) until it is clean, and saves
// a version; the playbook page shows the guidelines. Axe passes on the editor with violations shown.
import { axeReport, expect, test } from "../fixtures";

test.use({ role: "strategist", viewport: { width: 1500, height: 1000 } });

test("a strategist writes tone guidelines, checks a reply against them live, fixes it and saves a version", async ({ page }) => {
  const name = `Tono WhatsApp ${Date.now().toString(36)}`;
  await page.goto("/playbooks");
  await page.getByRole("button", { name: "Nuevo playbook" }).click();
  const form = page.getByTestId("new-playbook-form");
  await form.getByRole("radio", { name: /^Tono de marca/ }).check();
  await form.getByLabel("Nombre", { exact: true }).fill(name);
  const id = await form.getByLabel("Identificador").inputValue();
  await form.getByRole("button", { name: "Crear y abrir el formulario" }).click();
  await expect(page).toHaveURL(new RegExp(`/playbooks/${id}/edit$`));
  const editor = page.getByTestId("tone-editor");
  await expect(page.getByRole("heading", { level: 1 })).toContainText(name);

  // ---- the guidelines --------------------------------------------------------------------------
  const identity = editor.getByRole("region", { name: "Quiénes somos y qué hacemos" });
  await identity.getByRole("button", { name: "Añadir a «Quiénes somos»" }).click();
  await expect(identity.getByRole("textbox", { name: "Quiénes somos, elemento 1", exact: true })).toBeFocused();
  await page.keyboard.type("Servicial");

  await editor.getByRole("region", { name: "Reglas en todos los canales" }).getByLabel("Saludo obligatorio").check();

  await editor.getByRole("region", { name: "Por canal" }).getByRole("button", { name: "Añadir canal" }).click();
  const whatsapp = editor.getByTestId("tone-channel-0");
  await expect(whatsapp.getByLabel("Canal", { exact: true })).toHaveValue("whatsapp");
  await whatsapp.getByLabel("Punto de vista").fill("El auxiliar instantáneo");
  await whatsapp.getByLabel("Tratamiento").selectOption("usted");

  await editor.getByRole("region", { name: "Frases prohibidas" }).getByRole("button", { name: "Añadir frase prohibida" }).click();
  const banned = editor.getByTestId("tone-banned-0");
  await banned.getByLabel("Frase", { exact: true }).fill("le garantizamos");
  await banned.getByLabel("Alternativa preferida").fill("haremos todo lo posible");
  await expect(banned.getByLabel("Categoría")).toHaveValue("over_promising");

  await editor.getByRole("region", { name: "Aprobación de respuestas" }).getByLabel("Requerir aprobación cuando una infracción sea grave").check();

  // ---- a reply that breaks two of them: the banned phrase (without its accents' help) and tú ----
  const checker = page.getByTestId("tone-checker");
  await expect(checker.getByLabel("Canal de la respuesta")).toHaveValue("whatsapp");
  const draft = checker.getByLabel("Borrador de la respuesta");
  await draft.fill("Hola, Le Garantizamos que tu pedido llega mañana.");
  const marks = checker.getByTestId("tone-mirror").locator("mark.tone-mark");
  await expect(marks).toHaveText(["Le Garantizamos", "tu"]);
  const violations = checker.getByRole("list", { name: "Infracciones" }).getByRole("listitem");
  await expect(violations).toHaveCount(2);
  const phrase = violations.filter({ hasText: "Frase prohibida" });
  await expect(phrase).toContainText("«Le Garantizamos»");
  await expect(phrase).toContainText("Sugerencia:");
  await expect(phrase).toContainText("haremos todo lo posible");
  const register = violations.filter({ hasText: "Tratamiento" });
  await expect(register).toContainText("«tu»");
  await expect(register).toContainText("Sugerencia:");
  await expect(checker.getByTestId("tone-summary")).toContainText("2 infracciones");

  expect(await axeReport(page)).toBe("");

  // ---- fix it: Apply the alternative, then type the usted form ---------------------------------
  await phrase.getByRole("button", { name: /^Aplicar/ }).click();
  await expect(draft).toHaveValue("Hola, Haremos todo lo posible que tu pedido llega mañana.");
  await expect(marks).toHaveText(["tu"]);
  await draft.fill("Hola, haremos todo lo posible para que su pedido llegue mañana.");
  await expect(marks).toHaveCount(0);
  await expect(checker.getByTestId("tone-summary")).toContainText("Sin infracciones");
  await expect(checker.getByTestId("tone-score")).toHaveText("Puntuación 100/100");

  // ---- save a version, then the playbook page shows the guidelines -----------------------------
  await expect(editor.getByTestId("tone-dirty")).toHaveAttribute("data-dirty", "true");
  await editor.getByLabel("Comentario de la versión (opcional)").fill("Usted en WhatsApp y sin promesas");
  await editor.getByRole("button", { name: "Guardar versión" }).click();
  const saved = editor.getByTestId("tone-save-status");
  await expect(saved).toContainText("Guardada la versión 1.");
  await expect(editor.getByTestId("tone-dirty")).toHaveAttribute("data-dirty", "false");
  await saved.getByRole("link", { name: "Publicarla en la página del playbook" }).click();
  await expect(page).toHaveURL(new RegExp(`/playbooks/${id}$`));
  const panels = page.getByTestId("tone-panels");
  await expect(panels).toContainText("«le garantizamos» en su lugar: «haremos todo lo posible»");
  await expect(panels).toContainText("El auxiliar instantáneo");
  await expect(panels).toContainText("aprobacion-violacion-grave");
});
