// The reply checker: a draft against a tone playbook's guidelines. Pure and dependency-free, so the
// server, the engine's "reply drafted" decisions and the editor in the browser run the same code.
// Matching ignores case and accents; every span is an offset into the ORIGINAL draft (UTF-16, as
// JavaScript strings and the browser's selection use).
import type { BannedPhrase, DetectedRegister, Locale, RoutingRule, ToneCheckInput, ToneCheckResult, ToneRules, ToneSeverity, TonePlaybook, ToneViolation } from "@/schemas";

// ----- folding with an offset map ----------------------------------------------------------------

const MARKS = /\p{M}+/gu;
const WORD = /[\p{L}\p{N}]+/gu;

interface Word {
  /** folded: lower case, no accents */
  readonly w: string;
  /** offsets in the original text */
  readonly start: number;
  readonly end: number;
}

/** The draft's words, folded, each with its span in the original text. */
function words(text: string): Word[] {
  let folded = "";
  const from: number[] = []; // folded index → original index of the character it came from
  const to: number[] = []; // folded index → original index just past that character
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    const f = ch.normalize("NFD").replace(MARKS, "").toLowerCase();
    for (let k = 0; k < f.length; k++) {
      from.push(i);
      to.push(i + ch.length);
    }
    folded += f;
    i += ch.length;
  }
  const out: Word[] = [];
  for (const m of folded.matchAll(WORD)) out.push({ w: m[0], start: from[m.index]!, end: to[m.index + m[0].length - 1]! });
  return out;
}

const foldWords = (s: string): string[] => words(s).map((x) => x.w);

/** Where `phrase` (already folded into words) occurs in `ws`, word for word. */
function* occurrences(ws: readonly Word[], phrase: readonly string[]): Generator<{ start: number; end: number }> {
  if (phrase.length === 0) return;
  for (let i = 0; i + phrase.length <= ws.length; i++) {
    let ok = true;
    for (let k = 0; k < phrase.length && ok; k++) ok = ws[i + k]!.w === phrase[k];
    if (ok) yield { start: ws[i]!.start, end: ws[i + phrase.length - 1]!.end };
  }
}

// ----- Spanish register ---------------------------------------------------------------------------
// Only forms that are unambiguous in a service reply count. «le», «su» and 3rd-person verbs (puede,
// tiene) are also "él/ella" forms, so they never mark usted on their own; «ustedes» is the plural of
// both registers in Latin America, so it marks neither. Each form maps to its counterpart, offered
// as the replacement.

const TU_TO_USTED: Readonly<Record<string, string>> = {
  te: "le",
  ti: "usted",
  contigo: "con usted",
  tus: "sus",
  tuyo: "suyo",
  tuya: "suya",
  tuyos: "suyos",
  tuyas: "suyas",
  puedes: "puede",
  tienes: "tiene",
  quieres: "quiere",
  necesitas: "necesita",
  debes: "debe",
  eres: "es",
  haces: "hace",
  sabes: "sabe",
  podrias: "podría",
  deseas: "desea",
  prefieres: "prefiere",
  puedas: "pueda",
  tengas: "tenga",
  quieras: "quiera",
  necesites: "necesite",
  recibiste: "recibió",
  hiciste: "hizo",
  escribiste: "escribió",
  enviaste: "envió",
  escribenos: "escríbanos",
  contactanos: "contáctenos",
  envianos: "envíenos",
  llamanos: "llámenos",
  indicanos: "indíquenos",
  dinos: "díganos",
  cuentanos: "cuéntenos",
  avisanos: "avísenos",
  permiteme: "permítame",
  comunicate: "comuníquese",
  acercate: "acérquese",
  escribeme: "escríbame",
};

const USTED_TO_TU: Readonly<Record<string, string>> = {
  usted: "tú",
  escribanos: "escríbenos",
  contactenos: "contáctanos",
  envienos: "envíanos",
  llamenos: "llámanos",
  indiquenos: "indícanos",
  diganos: "dinos",
  cuentenos: "cuéntanos",
  avisenos: "avísanos",
  permitame: "permíteme",
  comuniquese: "comunícate",
  acerquese: "acércate",
  escribame: "escríbeme",
  disculpe: "disculpa",
};

const PREPOSITIONS: ReadonlySet<string> = new Set(["a", "ante", "de", "en", "entre", "hacia", "para", "por", "segun", "sin", "sobre", "tras", "contra"]);

interface RegisterHit {
  readonly word: Word;
  readonly register: "tu" | "usted";
  readonly counterpart: string;
}

/** «tú» (accented) is the pronoun → usted; «tu» the possessive → su; «estás» (accented) → está, «estas» is "these". */
function registerOf(word: Word, original: string): RegisterHit | undefined {
  const accented = /\p{M}/u.test(original.normalize("NFD"));
  if (word.w === "tu") return { word, register: "tu", counterpart: accented ? "usted" : "su" };
  if (word.w === "estas") return accented ? { word, register: "tu", counterpart: "está" } : undefined;
  if (word.w === "has") return { word, register: "tu", counterpart: "ha" };
  const u = TU_TO_USTED[word.w];
  if (u) return { word, register: "tu", counterpart: u };
  const t = USTED_TO_TU[word.w];
  if (t) return { word, register: "usted", counterpart: t };
  return undefined;
}

/** Keep the draft's capital: «Te» → «Le». */
const likeCase = (original: string, replacement: string) =>
  original[0] && original[0] !== original[0].toLowerCase() ? replacement[0]!.toUpperCase() + replacement.slice(1) : replacement;

// ----- greetings and sign-offs --------------------------------------------------------------------

const GREETINGS: Readonly<Record<Locale, readonly string[]>> = {
  es: ["hola", "buenos días", "buenas tardes", "buenas noches", "buen día", "buenas", "estimado", "estimada", "estimados", "estimadas", "saludos", "qué tal", "bienvenido", "bienvenida"],
  en: ["hi", "hello", "hey", "good morning", "good afternoon", "good evening", "dear", "greetings", "welcome"],
  pt: ["olá", "oi", "bom dia", "boa tarde", "boa noite", "prezado", "prezada"],
};

const SIGN_OFFS: Readonly<Record<Locale, readonly string[]>> = {
  es: ["saludos", "un saludo", "atentamente", "cordialmente", "quedamos atentos", "quedamos atentas", "quedamos a sus órdenes", "quedamos a tus órdenes", "quedo atento", "quedo atenta", "gracias", "que tenga buen día", "que tengas buen día", "hasta pronto", "un abrazo"],
  en: ["regards", "kind regards", "best regards", "warm regards", "best", "all the best", "thanks", "thank you", "sincerely", "cheers", "have a great day", "have a nice day", "take care"],
  pt: ["atenciosamente", "abraços", "obrigado", "obrigada", "até logo"],
};

// ----- messages -----------------------------------------------------------------------------------
// In the reply's language: Spanish, else English (Portuguese replies get English messages).

const MSG = {
  es: {
    banned: (p: string) => `«${p}» es una frase prohibida por las pautas de tono.`,
    bannedFix: (s: string) => `Escribe en su lugar: «${s}».`,
    bannedNoFix: "Quítala o dila con otras palabras.",
    register: (want: "tu" | "usted", w: string) => `«${w}» es una forma de ${want === "usted" ? "tú" : "usted"}: en este canal se trata al cliente de ${want === "usted" ? "usted" : "tú"}.`,
    registerFix: (c: string) => `Escribe «${c}».`,
    length: (n: number, max: number) => `La respuesta tiene ${n} caracteres; el máximo en este canal es ${max}.`,
    lengthFix: (cut: number) => `Acórtala en ${cut} caracteres.`,
    emoji: "Los emojis no están permitidos en este canal.",
    emojiFix: "Quita el emoji.",
    greeting: "La respuesta debe empezar con un saludo.",
    greetingFix: (g: string) => `Empieza con «${g.trim()}».`,
    greetingText: (first: string | undefined) => (first ? `Hola, ${first}. ` : "Hola. "),
    signOff: "La respuesta debe terminar con una despedida.",
    signOffFix: (s: string) => `Termina con «${s.trim()}».`,
    signOffText: "\nSaludos.",
    name: (first: string) => `La respuesta no usa el nombre del cliente (${first}).`,
    nameFix: (first: string) => `Dirígete al cliente por su nombre, p. ej. «Hola, ${first}».`,
  },
  en: {
    banned: (p: string) => `“${p}” is a phrase the tone guidelines ban.`,
    bannedFix: (s: string) => `Write instead: “${s}”.`,
    bannedNoFix: "Remove it or say it in other words.",
    register: (want: "tu" | "usted", w: string) => `“${w}” is a ${want === "usted" ? "tú" : "usted"} form: on this channel the customer is addressed as ${want === "usted" ? "usted" : "tú"}.`,
    registerFix: (c: string) => `Write “${c}”.`,
    length: (n: number, max: number) => `The reply has ${n} characters; the maximum on this channel is ${max}.`,
    lengthFix: (cut: number) => `Shorten it by ${cut} characters.`,
    emoji: "Emoji are not allowed on this channel.",
    emojiFix: "Remove the emoji.",
    greeting: "The reply must open with a greeting.",
    greetingFix: (g: string) => `Start with “${g.trim()}”.`,
    greetingText: (first: string | undefined) => (first ? `Hi ${first}, ` : "Hello, "),
    signOff: "The reply must close with a sign-off.",
    signOffFix: (s: string) => `End with “${s.trim()}”.`,
    signOffText: "\nBest regards.",
    name: (first: string) => `The reply does not use the customer's name (${first}).`,
    nameFix: (first: string) => `Address the customer by name, e.g. “Hi ${first}”.`,
  },
};

// ----- the check ----------------------------------------------------------------------------------

const RULE_FIELDS = ["register", "maxLength", "emoji", "greeting", "signOff", "customerName"] as const;

/** The rules on a channel: the defaults, overridden field by field by the channel's entry. */
export function effectiveToneRules(doc: TonePlaybook, channel: string): { rules: ToneRules; pointOfView?: string } {
  const entry = doc.channels.find((c) => c.channel === channel);
  const rules: ToneRules = {};
  for (const f of RULE_FIELDS) {
    const v = entry?.[f] ?? doc.defaults[f];
    if (v !== undefined) (rules as Record<string, unknown>)[f] = v;
  }
  return entry?.pointOfView ? { rules, pointOfView: entry.pointOfView } : { rules };
}

export const SEVERITY_COST: Readonly<Record<ToneSeverity, number>> = { minor: 5, major: 15, severe: 30 };

// What shows as an emoji: a flag (two regional indicators), a pictograph drawn as emoji by default or
// asked for with U+FE0F, with its skin tone and zero-width-joined parts. ® and © alone are text.
const PICTO = "(?:\\p{Emoji_Presentation}|\\p{Extended_Pictographic}\\uFE0F)";
const EMOJI = new RegExp(`\\p{Regional_Indicator}{2}|${PICTO}(?:\\p{Emoji_Modifier}|\\uFE0F|\\u200D${PICTO.replace("\\uFE0F)", "\\uFE0F?)")})*`, "gu");

const bannedApplies = (b: BannedPhrase, locale: Locale) => b.locale === undefined || b.locale === locale;

/** Check a draft reply against a tone playbook (parsed, defaults applied). */
export function checkReply(doc: TonePlaybook, input: ToneCheckInput): ToneCheckResult {
  const { text, locale } = input;
  const m = locale === "es" ? MSG.es : MSG.en;
  const { rules, pointOfView } = effectiveToneRules(doc, input.channel);
  const ws = words(text);
  const violations: ToneViolation[] = [];
  const add = (v: Omit<ToneViolation, "text" | "params"> & { params?: ToneViolation["params"] }) => violations.push({ ...v, text: text.slice(v.start, v.end), params: v.params ?? {} });

  // Banned phrases, in the reply's language (or every language).
  for (const b of doc.bannedPhrases) {
    if (!bannedApplies(b, locale)) continue;
    for (const at of occurrences(ws, foldWords(b.phrase)))
      add({
        guideline: "banned_phrase",
        severity: b.severity,
        ...at,
        message: m.banned(text.slice(at.start, at.end)),
        suggestion: b.suggestion ? m.bannedFix(b.suggestion) : m.bannedNoFix,
        ...(b.suggestion ? { replacement: likeCase(text.slice(at.start, at.end), b.suggestion) } : {}),
        params: { phrase: b.phrase, category: b.category, ...(b.suggestion ? { alternative: b.suggestion } : {}) },
      });
  }

  // Register: Spanish only.
  const hits = locale === "es" ? ws.map((w) => registerOf(w, text.slice(w.start, w.end))).filter((h): h is RegisterHit => h !== undefined) : [];
  const tu = hits.some((h) => h.register === "tu");
  const usted = hits.some((h) => h.register === "usted");
  const register: DetectedRegister = tu && usted ? "mixed" : tu ? "tu" : usted ? "usted" : "none";
  const want = rules.register;
  if (want === "tu" || want === "usted") {
    for (const h of hits) {
      if (h.register === want) continue;
      // «usted» after a preposition is «ti» in tú (and «con usted» is «contigo»): the span takes the preposition.
      const i = ws.indexOf(h.word);
      const prev = h.word.w === "usted" && i > 0 ? ws[i - 1]! : undefined;
      const withCon = prev?.w === "con";
      const start = withCon ? prev.start : h.word.start;
      const counterpart = withCon ? "contigo" : prev && PREPOSITIONS.has(prev.w) ? "ti" : h.counterpart;
      const original = text.slice(start, h.word.end);
      const replacement = likeCase(original, counterpart);
      add({ guideline: "register", severity: "major", start, end: h.word.end, message: m.register(want, original), suggestion: m.registerFix(replacement), replacement, params: { register: want, found: h.register } });
    }
  }

  // Length, in characters (code points, as a person counts them).
  const chars = [...text];
  if (rules.maxLength !== undefined && chars.length > rules.maxLength) {
    const start = chars.slice(0, rules.maxLength).join("").length;
    const cut = chars.length - rules.maxLength;
    add({
      guideline: "max_length",
      severity: chars.length > rules.maxLength * 1.5 ? "major" : "minor",
      start,
      end: text.length,
      message: m.length(chars.length, rules.maxLength),
      suggestion: m.lengthFix(cut),
      params: { maxLength: rules.maxLength, length: chars.length },
    });
  }

  if (rules.emoji === false)
    for (const e of text.matchAll(EMOJI)) add({ guideline: "emoji", severity: "minor", start: e.index, end: e.index + e[0].length, message: m.emoji, suggestion: m.emojiFix, replacement: "" });

  const firstName = input.customerName?.trim().split(/\s+/)[0];
  if (rules.greeting === true) {
    const list = [...GREETINGS[locale], ...(doc.phrases.greetings[locale] ?? [])].map(foldWords);
    const opens = list.some((g) => g.length > 0 && g.every((w, k) => ws[k]?.w === w));
    if (!opens) {
      const greeting = m.greetingText(firstName);
      add({ guideline: "greeting", severity: "minor", start: 0, end: 0, message: m.greeting, suggestion: m.greetingFix(greeting), replacement: greeting });
    }
  }

  if (rules.signOff === true) {
    const list = [...SIGN_OFFS[locale], ...(doc.phrases.signOffs[locale] ?? [])].map(foldWords);
    // One of the last two sentences or lines must open with a sign-off («Saludos,\nEquipo X» closes).
    const body = text.trimEnd();
    const segments = [...body.matchAll(/[^.!?\n]+/g)].filter((x) => x[0].trim() !== "").slice(-2);
    const closes = segments.some((seg) => {
      const segWords = ws.filter((w) => w.start >= seg.index && w.end <= seg.index + seg[0].length);
      return list.some((s) => s.length > 0 && s.every((w, k) => segWords[k]?.w === w));
    });
    if (!closes) add({ guideline: "sign_off", severity: "minor", start: body.length, end: body.length, message: m.signOff, suggestion: m.signOffFix(m.signOffText), replacement: m.signOffText });
  }

  if (rules.customerName === true && firstName) {
    const name = foldWords(firstName);
    if ([...occurrences(ws, name)].length === 0) add({ guideline: "customer_name", severity: "minor", start: 0, end: 0, message: m.name(firstName), suggestion: m.nameFix(firstName), params: { name: firstName } });
  }

  violations.sort((a, b) => a.start - b.start || a.end - b.end);
  const cost = violations.reduce((sum, v) => sum + SEVERITY_COST[v.severity], 0);
  return {
    score: Math.max(0, 100 - cost),
    passed: violations.length === 0,
    register,
    length: chars.length,
    violations,
    rules,
    ...(pointOfView ? { pointOfView } : {}),
  };
}

// ----- what the rules see ---------------------------------------------------------------------------

const SEVERITY_RANK: readonly (ToneSeverity | "none")[] = ["none", "minor", "major", "severe"];

/** The `tone.*` facts of a check (engine/FACTS.md): what a tone playbook's rules can act on. */
export function toneFacts(result: ToneCheckResult): Record<string, unknown> {
  const max = result.violations.reduce<ToneSeverity | "none">((acc, v) => (SEVERITY_RANK.indexOf(v.severity) > SEVERITY_RANK.indexOf(acc) ? v.severity : acc), "none");
  return {
    "tone.score": result.score,
    "tone.violations": result.violations.length,
    "tone.severe": result.violations.filter((v) => v.severity === "severe").length,
    "tone.maxSeverity": max,
    "tone.guidelines": [...new Set(result.violations.map((v) => v.guideline))],
    "tone.register": result.register,
  };
}

// ----- the standard approval rules ------------------------------------------------------------------

export type ToneApprovalPreset = "crisis_active" | "severe_violation";
export const TONE_APPROVAL_RULE_IDS: Readonly<Record<ToneApprovalPreset, string>> = { crisis_active: "aprobacion-crisis", severe_violation: "aprobacion-violacion-grave" };

const PRESET_TEXT = {
  es: {
    crisis_active: { name: "Aprobación durante una crisis", reason: "Hay una crisis activa: un supervisor aprueba cada respuesta antes de enviarla." },
    severe_violation: { name: "Aprobación ante una infracción grave", reason: "La respuesta rompe una pauta de tono grave: un supervisor la revisa antes de enviarla." },
  },
  en: {
    crisis_active: { name: "Approval during a crisis", reason: "A crisis is active: a supervisor approves every reply before it is sent." },
    severe_violation: { name: "Approval on a severe violation", reason: "The reply breaks a severe tone guideline: a supervisor reviews it before it is sent." },
  },
};

/** The rule behind each approval toggle of the tone editor (the same ids, so toggling finds it again). */
export function toneApprovalRule(preset: ToneApprovalPreset, locale: Locale): RoutingRule {
  const t = (locale === "es" ? PRESET_TEXT.es : PRESET_TEXT.en)[preset];
  return {
    id: TONE_APPROVAL_RULE_IDS[preset],
    name: t.name,
    priority: preset === "crisis_active" ? 2 : 1,
    enabled: true,
    conditions:
      preset === "crisis_active"
        ? { all: [{ fact: "crisis.active", operator: "equal", value: true }] }
        : { all: [{ fact: "tone.severe", operator: "greaterThan", value: 0 }] },
    actions: [{ type: "require_approval", reason: t.reason }],
  };
}
