// A node issue in the reader's language, for the line under its field. The validator writes English;
// the canvas editor's dictionary translates codes, and the common zod field messages are read here.
import type { FlowIssue } from "@/schemas";
import { editorText } from "../messages";
import { sm } from "./messages";

type UiLocaleLike = "es" | "en";

const ZOD_ES: [RegExp, string][] = [
  [/expected string to have >=1 characters?|String must contain at least 1 character|is required|required/i, "Este campo es obligatorio."],
  [/expected array to have >=1 items?|Array must contain at least 1 element/i, "Añade al menos uno."],
  [/expected one of|Invalid enum value|Invalid option/i, "Elige uno de los valores de la lista."],
  [/expected number|Expected number/i, "Escribe un número."],
  [/lower-case letters, digits/i, "Usa letras minúsculas, dígitos, «-» o «_» (p. ej. leads-mexico)."],
  [/give at least one template/i, "Escribe al menos una plantilla (es, en o pt)."],
  [/unknown operator/i, "Operador desconocido."],
  [/name the fact/i, "Elige el dato que se compara."],
  [/choose an operator/i, "Elige un operador."],
  [/unknown (shared )?condition/i, "La condición compartida no existe."],
];
const ZOD_EN: [RegExp, string][] = [
  [/expected string to have >=1 characters?|String must contain at least 1 character/i, "This field is required."],
  [/expected array to have >=1 items?|Array must contain at least 1 element/i, "Add at least one."],
];

/** The sentence shown under a field for one of the node's issues. */
export function issueText(issue: FlowIssue, locale: UiLocaleLike): string {
  if (issue.code === "field" || issue.code === "condition") {
    const table = locale === "es" ? ZOD_ES : ZOD_EN;
    const hit = table.find(([re]) => re.test(issue.message));
    if (hit) return hit[1];
    return issue.message || sm(locale).issue.fallback;
  }
  const template = editorText(locale).issues[issue.code];
  if (!template) return issue.message;
  const params: Record<string, string | number> = { ...(issue.params ?? {}) };
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}
