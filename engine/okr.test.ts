import { describe, expect, it } from "vitest";
import type { OkrKeyResult, OkrObjective, OkrPlaybook } from "@/schemas";
import { findActivityVerb, keyResultProgress, lintOkr } from "./okr";

const kr = (id: string, extra: Partial<OkrKeyResult> = {}): OkrKeyResult => ({
  id,
  title: "Subir el CSAT a 4,5",
  metric: "csat_avg",
  baseline: 4,
  target: 4.5,
  targetDate: "2027-03-31",
  ...extra,
});
const objective = (id: string, krs = 3, extra: Partial<OkrObjective> = {}): OkrObjective => ({
  id,
  title: "Que cada cliente reciba respuesta en menos de una hora",
  keyResults: Array.from({ length: krs }, (_, j) => kr(`${id}-kr${j}`)),
  ...extra,
});
const set = (objectives: OkrObjective[], locale: OkrPlaybook["locale"] = "es") => ({ locale, objectives });
const clean = () => set([objective("a"), objective("b"), objective("c")]);

describe("activity verbs in key results", () => {
  // [title, the word flagged or null, its verb]
  const es: [string, string | null, string?][] = [
    ["Analizar las quejas de marzo", "Analizar", "analizar"],
    ["ANALIZAMOS las quejas", "ANALIZAMOS", "analizar"],
    ["Que el equipo analice cada queja", "analice", "analizar"],
    ["Ayudar a los agentes con plantillas", "Ayudar", "ayudar"],
    ["Ayudarles a cerrar antes", "Ayudarles", "ayudar"],
    ["Consultar a los clientes tras cada caso", "Consultar", "consultar"],
    ["Participar en el comité de calidad", "Participar", "participar"],
    ["Participé en 4 talleres", "Participé", "participar"],
    ["Evaluar la satisfacción del servicio", "Evaluar", "evaluar"],
    ["Evalúa la satisfacción", "Evalúa", "evaluar"],
    ["Seguiremos revisando los casos escalados", "revisando", "revisar"],
    ["Apoyar al equipo de ventas", "Apoyar", "apoyar"],
    ["Colaborando con logística", "Colaborando", "colaborar"],
    ["Asistir a las reuniones semanales", "Asistir", "asistir"],
    ["Continuar contratando agentes", "Continuar", "continuar"],
    ["Mantener el CSAT por encima de 4", "Mantener", "mantener"],
    ["Que el NPS se mantenga en 40", "mantenga", "mantener"],
    ["El equipo mantiene el SLA", "mantiene", "mantener"],
    // outcomes, and nouns that look like the verbs
    ["Publicar los niveles de satisfacción antes del 7 de marzo", null],
    ["Resolver el 80% de las consultas en el primer contacto", null],
    ["Consultas resueltas en menos de 2 horas: 90%", "Consultas", "consultar"],
    ["Reducir las solicitudes de ayuda repetidas a la mitad", null],
    ["Subir el NPS a 45 con mejora continua", null],
    ["Bajar a 2 las brechas de SLA por día", null],
    ["Análisis de causa publicado para cada crisis", null],
    ["Tiempo de atención asistencia menor a 10 minutos", null],
    ["Bajar el apoyo manual al 10%", null],
  ];
  it.each(es)("es: %s", (title, word, verb) => {
    expect(findActivityVerb(title, "es")).toEqual(word === null ? null : { word, verb });
  });

  const en: [string, string | null, string?][] = [
    ["Analyze last quarter's complaints", "Analyze", "analyze"],
    ["Analysing churn reasons", "Analysing", "analyze"],
    ["Help agents with templates", "Help", "help"],
    ["Agents helped 300 customers", "helped", "help"],
    ["Consult customers after every case", "Consult", "consult"],
    ["Participate in the quality board", "Participate", "participate"],
    ["Assist the sales team", "Assist", "assist"],
    ["Evaluate service satisfaction", "Evaluate", "evaluate"],
    ["Reviewing escalated cases weekly", "Reviewing", "review"],
    ["Support the logistics team", "Support", "support"],
    ["Continue hiring agents", "Continue", "continue"],
    ["Maintain CSAT above 4", "Maintain", "maintain"],
    ["Be able to support every channel", "support", "support"],
    // outcomes, and nouns that look like the verbs
    ["Publish service satisfaction levels by March 7", null],
    ["Raise CSAT on support cases to 4.5", null],
    ["Get 200 five-star reviews", null],
    ["Cut help requests in half", null],
    ["Answer 90% of chats within the SLA", null],
  ];
  it.each(en)("en: %s", (title, word, verb) => {
    expect(findActivityVerb(title, "en")).toEqual(word === null ? null : { word, verb });
  });
});

describe("lintOkr", () => {
  it("is silent on a set that follows the advice", () => {
    expect(lintOkr(clean())).toEqual([]);
    expect(lintOkr({ objectives: [objective("a", 4), objective("b", 3), objective("c", 4), objective("d"), objective("e")] })).toEqual([]);
  });

  it("wants 3 to 5 objectives", () => {
    expect(lintOkr(set([]))).toEqual([
      { path: "objectives", code: "too_few_objectives", severity: "warning", message: expect.stringContaining("0 objetivo"), params: { count: 0, min: 3, max: 5 } },
    ]);
    expect(lintOkr(set([objective("a"), objective("b")])).map((i) => i.code)).toEqual(["too_few_objectives"]);
    const six = lintOkr(set(["a", "b", "c", "d", "e", "f"].map((id) => objective(id)), "en"));
    expect(six).toEqual([
      { path: "objectives", code: "too_many_objectives", severity: "warning", message: expect.stringMatching(/^The set has 6 objectives/), params: { count: 6, min: 3, max: 5 } },
    ]);
  });

  it("wants about three key results: a warning below 2 and above 5, an info at 2 and 5", () => {
    const counts = [0, 1, 2, 3, 4, 5, 6];
    const issues = lintOkr({ objectives: counts.map((n, i) => objective(`o${i}`, n)) }).filter((i) => i.code !== "too_many_objectives");
    expect(issues.map((i) => [i.path, i.code, i.severity, i.params.count])).toEqual([
      ["objectives[0].keyResults", "few_key_results", "warning", 0],
      ["objectives[1].keyResults", "few_key_results", "warning", 1],
      ["objectives[2].keyResults", "few_key_results", "info", 2],
      ["objectives[5].keyResults", "many_key_results", "info", 5],
      ["objectives[6].keyResults", "many_key_results", "warning", 6],
    ]);
  });

  it("flags activity key results at the title's path, with the word and verb, in the set's language", () => {
    const doc = clean();
    doc.objectives[0]!.keyResults[1] = kr("x", { title: "Analizar las quejas de marzo" });
    doc.objectives[2]!.keyResults[0] = kr("y", { title: "Ayudamos a 300 clientes" });
    expect(lintOkr(doc)).toEqual([
      {
        path: "objectives[0].keyResults[1].title",
        code: "activity_verb",
        severity: "warning",
        message: expect.stringContaining("«Analizar» describe una actividad"),
        params: { word: "Analizar", verb: "analizar", kind: "key_result" },
      },
      expect.objectContaining({ path: "objectives[2].keyResults[0].title", params: { word: "Ayudamos", verb: "ayudar", kind: "key_result" } }),
    ]);
    const english = set(clean().objectives, "en");
    english.objectives[1]!.keyResults[2] = kr("z", { title: "Help agents with templates" });
    const issue = lintOkr(english)[0]!;
    expect(issue.path).toBe("objectives[1].keyResults[2].title");
    expect(issue.message).toMatch(/^"Help" describes an activity/);
  });

  it("flags objectives that only carry on (continuar, mantener, seguir / continue, maintain, keep)", () => {
    const doc = clean();
    doc.objectives[1]!.title = "Mantener la posición de mercado";
    doc.objectives[2]!.title = "Seguir contratando";
    expect(lintOkr(doc).map((i) => [i.path, i.code, i.params.verb, i.params.kind])).toEqual([
      ["objectives[1].title", "activity_verb", "mantener", "objective"],
      ["objectives[2].title", "activity_verb", "seguir", "objective"],
    ]);
    expect(lintOkr(doc)[0]!.message).toContain("no promueve un logro nuevo");
    const en = set(clean().objectives, "en");
    en.objectives[0]!.title = "Keep customers happy";
    expect(lintOkr(en).map((i) => i.params.verb)).toEqual(["keep"]);
    // an objective that states where to get is fine, even naming a verb that is an activity in a key result
    en.objectives[0]!.title = "Every customer answered within an hour";
    expect(lintOkr(en)).toEqual([]);
  });

  it("flags a missing target date and a target equal to the baseline", () => {
    const doc = clean();
    doc.objectives[0]!.keyResults[0] = kr("a", { targetDate: undefined });
    doc.objectives[1]!.keyResults[2] = kr("b", { baseline: 90, target: 90 });
    doc.objectives[2]!.keyResults[1] = kr("c", { baseline: undefined, target: 90 });
    expect(lintOkr(doc).map((i) => [i.path, i.code, i.params])).toEqual([
      ["objectives[0].keyResults[0].targetDate", "no_target_date", {}],
      ["objectives[1].keyResults[2].target", "target_equals_baseline", { target: 90 }],
    ]);
  });

  it("reports Portuguese sets in Spanish", () => {
    expect(lintOkr(set([], "pt"))[0]!.message).toMatch(/^El conjunto tiene 0/);
  });
});

describe("keyResultProgress", () => {
  it.each([
    // raise: 80 → 90
    [80, 90, 80, 0],
    [80, 90, 85, 0.5],
    [80, 90, 90, 1],
    [80, 90, 95, 1.5],
    [80, 90, 75, -0.5],
    // lower is better: 12 breaches a day → 4
    [12, 4, 12, 0],
    [12, 4, 6, 0.75],
    [12, 4, 2, 1.25],
    [12, 4, 14, -0.25],
    // NPS can cross zero
    [-10, 30, 10, 0.5],
  ])("from %d to %d at %d is %d", (baseline, target, current, expected) => {
    expect(keyResultProgress(baseline, target, current)).toBeCloseTo(expected, 10);
  });

  it("is null without a baseline or a current value, or when the target asks for no change", () => {
    expect(keyResultProgress(null, 90, 85)).toBeNull();
    expect(keyResultProgress(undefined, 90, 85)).toBeNull();
    expect(keyResultProgress(80, 90, null)).toBeNull();
    expect(keyResultProgress(80, 80, 80)).toBeNull();
    expect(keyResultProgress(Number.NaN, 90, 85)).toBeNull();
  });
});
