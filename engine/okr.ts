// OKR lint and progress, pure (runs in the browser too: the OKR editor lints as you type). The
// advice is the seeds' (rework.withgoogle.com): 3–5 objectives, about three key results each,
// results rather than activities, objectives that promise a new state ("continuar…" does not).
import type { OkrLintCode, OkrLintIssue, OkrPlaybook } from "@/schemas";
import { normalizeText } from "./text";

export const OBJECTIVES_MIN = 3;
export const OBJECTIVES_MAX = 5;
/** Below 2 key results (or above 5) is a warning; exactly 2 or 5 is an info: "about three". */
export const KEY_RESULTS_WARN_BELOW = 2;
export const KEY_RESULTS_WARN_ABOVE = 5;

// Spanish verb endings, accents removed (normalizeText), with optional enclitics (ayudarles).
// Over-accepting is harmless: a stem followed by one of these is a form of that verb.
const AR =
  "ar|o|as|a|amos|ais|an|e|es|emos|eis|en|aba|abas|abamos|abais|aban|are|aras|ara|aremos|areis|aran|aria|arias|ariamos|ariais|arian|aramos|arais|ase|ases|asemos|aseis|asen|aste|asteis|aron|ando|ado|ada|ados|adas|ad";
const ER_IR =
  "er|ir|o|es|e|emos|imos|eis|is|en|ia|ias|iamos|iais|ian|a|as|amos|ais|an|ere|eras|era|eremos|ereis|eran|ire|iras|ira|iremos|ireis|iran|eria|erian|iria|irian|iera|ieras|ieramos|ierais|ieran|iese|iesen|i|iste|io|isteis|ieron|iendo|ido|ida|idos|idas|ed|id";
const CLITIC = "(?:lo|la|los|las|le|les|nos|se|me|te)?";

interface Verb {
  /** the dictionary form, reported in params.verb */
  lemma: string;
  pattern: RegExp;
  /** forms that are also common nouns or adjectives (las consultas, mejora continua): flagged only as the title's first word */
  ambiguous?: readonly string[];
}

const es = (lemma: string, stems: string, endings: string, ambiguous?: string[]): Verb => ({
  lemma,
  pattern: new RegExp(`^(?:${stems})(?:${endings})${CLITIC}$`),
  ambiguous,
});
// English: base, -s, -ed, -ing. The base forms of help, support, review are nouns too
// ("support cases", "5-star reviews"): only the first word or after "to"/"will" counts for them.
const en = (lemma: string, forms: string, ambiguous?: string[]): Verb => ({ lemma, pattern: new RegExp(`^(?:${forms})$`), ambiguous });

const KR_VERBS: Record<"es" | "en", readonly Verb[]> = {
  es: [
    es("analizar", "analiz|analic", AR),
    es("ayudar", "ayud", AR, ["ayuda", "ayudas"]),
    es("consultar", "consult", AR, ["consulta", "consultas"]),
    es("participar", "particip", AR),
    es("evaluar", "evalu", AR),
    es("revisar", "revis", AR),
    es("apoyar", "apoy", AR, ["apoyo", "apoyos"]),
    es("colaborar", "colabor", AR),
    es("asistir", "asist", ER_IR),
    es("continuar", "continu", AR, ["continua", "continuas", "continuo", "continuos"]),
    es("mantener", "manten|mantien|manteng|mantuv|mantendr", ER_IR),
  ],
  en: [
    en("analyze", "analy[sz](?:e|es|ed|ing)"),
    en("help", "help|helps|helped|helping", ["help", "helps"]),
    en("consult", "consult|consults|consulted|consulting"),
    en("participate", "participat(?:e|es|ed|ing)"),
    en("assist", "assist|assists|assisted|assisting"),
    en("evaluate", "evaluat(?:e|es|ed|ing)"),
    en("review", "review|reviews|reviewed|reviewing", ["review", "reviews"]),
    en("support", "support|supports|supported|supporting", ["support", "supports", "supported"]),
    en("continue", "continu(?:e|es|ed|ing)"),
    en("maintain", "maintain|maintains|maintained|maintaining"),
  ],
};

// Objectives that only carry on ("continuar contratando", "mantener la posición de mercado").
const OBJECTIVE_VERBS: Record<"es" | "en", readonly Verb[]> = {
  es: [
    es("continuar", "continu", AR, ["continua", "continuas", "continuo", "continuos"]),
    es("mantener", "manten|mantien|manteng|mantuv|mantendr", ER_IR),
    es("seguir", "segu|sigu|sig", ER_IR, ["seguido", "seguida", "seguidos", "seguidas"]),
  ],
  en: [
    en("continue", "continu(?:e|es|ed|ing)"),
    en("maintain", "maintain|maintains|maintained|maintaining"),
    en("keep", "keep|keeps|kept|keeping", ["keep"]),
  ],
};

const WORD = /[\p{L}\p{N}]+/gu;
const EN_VERB_LEADS = new Set(["to", "will"]);

/** The first activity verb in a key result's title: the word as written and the verb's dictionary form. */
export function findActivityVerb(title: string, locale: "es" | "en"): { word: string; verb: string } | null {
  return firstVerb(title, locale, KR_VERBS[locale]);
}

function firstVerb(title: string, locale: "es" | "en", verbs: readonly Verb[]): { word: string; verb: string } | null {
  const words = [...title.matchAll(WORD)].map((m) => ({ raw: m[0], norm: normalizeText(m[0]) }));
  for (const [i, { raw, norm }] of words.entries()) {
    for (const v of verbs) {
      if (!v.pattern.test(norm)) continue;
      const leads = i === 0 || (locale === "en" && EN_VERB_LEADS.has(words[i - 1]?.norm ?? ""));
      if (v.ambiguous?.includes(norm) && !leads) continue;
      return { word: raw, verb: v.lemma };
    }
  }
  return null;
}

type Params = Record<string, string | number>;
const MESSAGES: Record<"es" | "en", Record<OkrLintCode | "continuing_objective", (p: Params) => string>> = {
  es: {
    too_few_objectives: (p) => `El conjunto tiene ${p.count} objetivo(s); elige de ${p.min} a ${p.max} para que el equipo sepa qué importa.`,
    too_many_objectives: (p) => `El conjunto tiene ${p.count} objetivos; con más de ${p.max} el esfuerzo se dispersa. Quédate con los ${p.max} más importantes.`,
    few_key_results: (p) => `Este objetivo tiene ${p.count} resultado(s) clave; define alrededor de ${p.recommended} para poder medir si se alcanza.`,
    many_key_results: (p) => `Este objetivo tiene ${p.count} resultados clave; alrededor de ${p.recommended} bastan. Quita los que no muevan el objetivo.`,
    activity_verb: (p) => `«${p.word}» describe una actividad, no un resultado. Di qué cambia cuando se hace (p. ej. «publicar la satisfacción del servicio antes del 7 de marzo» en lugar de «evaluar la satisfacción»).`,
    continuing_objective: (p) => `«${p.word}» no promueve un logro nuevo. Describe el estado al que quieres llegar (p. ej. «responder a todos los clientes en menos de una hora»).`,
    no_target_date: () => "Falta la fecha objetivo: sin ella no se puede saber si el resultado se alcanzó a tiempo.",
    target_equals_baseline: (p) => `La meta (${p.target}) es igual a la línea base: el resultado no pide ningún avance.`,
  },
  en: {
    too_few_objectives: (p) => `The set has ${p.count} objective(s); choose ${p.min} to ${p.max} so the team knows what matters.`,
    too_many_objectives: (p) => `The set has ${p.count} objectives; more than ${p.max} spreads the effort thin. Keep the ${p.max} that matter most.`,
    few_key_results: (p) => `This objective has ${p.count} key result(s); define about ${p.recommended} so you can tell whether it is reached.`,
    many_key_results: (p) => `This objective has ${p.count} key results; about ${p.recommended} are enough. Drop the ones that do not move the objective.`,
    activity_verb: (p) => `"${p.word}" describes an activity, not a result. Say what changes when it is done (e.g. "publish the service satisfaction levels by March 7" instead of "evaluate service satisfaction").`,
    continuing_objective: (p) => `"${p.word}" does not promise anything new. Describe the state you want to reach (e.g. "answer every customer within an hour").`,
    no_target_date: () => "The target date is missing: without it nobody can tell whether the result was reached on time.",
    target_equals_baseline: (p) => `The target (${p.target}) equals the baseline: the result asks for no progress.`,
  },
};

/** The lint of an OKR set, in the set's language (Portuguese sets get Spanish, the closer one). Advice only: never blocks a save. */
export function lintOkr(doc: Pick<OkrPlaybook, "objectives"> & { locale?: OkrPlaybook["locale"] }): OkrLintIssue[] {
  const locale = doc.locale === "en" ? "en" : "es";
  const msg = MESSAGES[locale];
  const issues: OkrLintIssue[] = [];
  const add = (path: string, code: OkrLintCode, severity: OkrLintIssue["severity"], params: Params, text = msg[code](params)) =>
    issues.push({ path, code, severity, message: text, params });

  const n = doc.objectives.length;
  const range = { count: n, min: OBJECTIVES_MIN, max: OBJECTIVES_MAX };
  if (n < OBJECTIVES_MIN) add("objectives", "too_few_objectives", "warning", range);
  if (n > OBJECTIVES_MAX) add("objectives", "too_many_objectives", "warning", range);

  doc.objectives.forEach((o, i) => {
    const op = `objectives[${i}]`;
    const carryOn = firstVerb(o.title, locale, OBJECTIVE_VERBS[locale]);
    if (carryOn) add(`${op}.title`, "activity_verb", "warning", { ...carryOn, kind: "objective" }, msg.continuing_objective(carryOn));

    const k = o.keyResults.length;
    const counts = { count: k, recommended: 3 };
    if (k < KEY_RESULTS_WARN_BELOW) add(`${op}.keyResults`, "few_key_results", "warning", counts);
    else if (k === KEY_RESULTS_WARN_BELOW) add(`${op}.keyResults`, "few_key_results", "info", counts);
    if (k > KEY_RESULTS_WARN_ABOVE) add(`${op}.keyResults`, "many_key_results", "warning", counts);
    else if (k === KEY_RESULTS_WARN_ABOVE) add(`${op}.keyResults`, "many_key_results", "info", counts);

    o.keyResults.forEach((kr, j) => {
      const kp = `${op}.keyResults[${j}]`;
      const activity = findActivityVerb(kr.title, locale);
      if (activity) add(`${kp}.title`, "activity_verb", "warning", { ...activity, kind: "key_result" });
      if (!kr.targetDate) add(`${kp}.targetDate`, "no_target_date", "warning", {});
      if (kr.baseline !== undefined && kr.baseline === kr.target) add(`${kp}.target`, "target_equals_baseline", "warning", { target: kr.target });
    });
  });
  return issues;
}

/**
 * How far `current` has come from `baseline` towards `target`, whichever direction that is
 * (lower-is-better targets too): 0 at the baseline, 1 at the target, above 1 beyond it, below 0
 * when it moved the wrong way. Null when a value is missing or the target asks for no change.
 */
export function keyResultProgress(baseline: number | null | undefined, target: number, current: number | null | undefined): number | null {
  if (baseline == null || current == null || !Number.isFinite(baseline) || !Number.isFinite(current)) return null;
  if (target === baseline) return null;
  return (current - baseline) / (target - baseline);
}
