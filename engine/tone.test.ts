import { describe, expect, it } from "vitest";
import { PLAYBOOK_SCHEMA_VERSION, RoutingRule, TonePlaybook, type Channel, type Locale, type ToneGuideline } from "@/schemas";
import { checkReply, effectiveToneRules, toneApprovalRule, toneFacts } from "./tone";

const DOC = TonePlaybook.parse({
  schemaVersion: PLAYBOOK_SCHEMA_VERSION,
  id: "tono",
  name: "Tono de la cooperativa",
  kind: "tone",
  defaults: { register: "usted", greeting: true, signOff: true, emoji: false },
  channels: [
    { channel: "twitter", maxLength: 280, signOff: false },
    { channel: "whatsapp", maxLength: 300, emoji: true, pointOfView: "El auxiliar instantáneo" },
    { channel: "webchat", register: "tu", signOff: false },
    { channel: "messenger", customerName: true },
  ],
  bannedPhrases: [
    { phrase: "le garantizamos", suggestion: "haremos todo lo posible", category: "over_promising" },
    { phrase: "como ya le explicamos", category: "condescension", severity: "severe" },
    { phrase: "número de ticket", suggestion: "número de caso", category: "jargon", severity: "minor" },
    { phrase: "we guarantee", suggestion: "we will do our best", category: "over_promising", locale: "en" },
    { phrase: "calm down", category: "condescension", severity: "severe", locale: "en" },
  ],
});

interface Row {
  name: string;
  channel?: Channel;
  locale?: Locale;
  customerName?: string;
  text: string;
  /** each violation: its guideline and the text of its span ("" for a place) */
  expected: [ToneGuideline, string][];
  score?: number;
}

const LONG = `Hola. ${"Su solicitud está en revisión. ".repeat(9)}`;

const TABLE: Row[] = [
  // ---- Spanish, clean -------------------------------------------------------------------------
  { name: "usted, greeting and sign-off", text: "Hola, Ana. Su solicitud fue recibida y la revisaremos hoy.\nSaludos.", expected: [], score: 100 },
  { name: "«estas» (these) is not «estás»", text: "Buenos días. Estas son las opciones que tiene.\nAtentamente, el equipo", expected: [] },
  { name: "a sign-off line followed by the team's name", text: "Hola. Su caso está resuelto.\nSaludos,\nEquipo Cooperativa", expected: [] },
  { name: "emoji allowed on WhatsApp", channel: "whatsapp", text: "¡Hola! 😊 Su tarjeta ya está activa.\nQue tenga buen día.", expected: [] },
  { name: "the customer's name, accents aside", channel: "messenger", customerName: "María José", text: "Hola, Maria. Su pedido llega mañana.\nSaludos.", expected: [] },
  { name: "tú on a tú channel", channel: "webchat", text: "Hola, ¿en qué te puedo ayudar? Escríbenos cuando quieras.", expected: [] },
  // ---- Spanish, banned phrases ---------------------------------------------------------------
  { name: "banned phrase in capitals", text: "Hola. LE GARANTIZAMOS una respuesta hoy.\nSaludos.", expected: [["banned_phrase", "LE GARANTIZAMOS"]], score: 85 },
  { name: "banned phrase written without its accent", text: "Hola. Indíquenos el numero de ticket, por favor.\nSaludos.", expected: [["banned_phrase", "numero de ticket"]], score: 95 },
  { name: "banned phrase with an accent it does not have", text: "Hola. Le garantízamos el reembolso.\nSaludos.", expected: [["banned_phrase", "Le garantízamos"]] },
  { name: "a severe banned phrase", text: "Hola. Como ya le explicamos, el plazo es de tres días.\nSaludos.", expected: [["banned_phrase", "Como ya le explicamos"]], score: 70 },
  { name: "an English-only phrase does not apply in Spanish", text: "Hola. Calm down es una canción.\nSaludos.", expected: [] },
  // ---- Spanish, register ------------------------------------------------------------------------
  {
    name: "tú forms where usted is the rule",
    text: "Hola. ¿Puedes enviarnos tu número de cliente? Te respondemos hoy.\nSaludos.",
    expected: [
      ["register", "Puedes"],
      ["register", "tu"],
      ["register", "Te"],
    ],
    score: 55,
  },
  { name: "«¿Estás…?» is tú", text: "Hola. ¿Estás conforme con la solución?\nSaludos.", expected: [["register", "Estás"]] },
  {
    name: "usted forms where tú is the rule",
    channel: "webchat",
    text: "Hola, ¿en qué puedo ayudarle? Escríbanos si usted lo necesita.",
    expected: [
      ["register", "Escríbanos"],
      ["register", "usted"],
    ],
  },
  // ---- Spanish, length, emoji, greeting, sign-off, name ------------------------------------------
  { name: "too long for X", channel: "twitter", text: LONG, expected: [["max_length", LONG.slice(280)]], score: 95 },
  { name: "emoji on email", text: "Hola 😊 su pedido llega mañana.\nSaludos.", expected: [["emoji", "😊"]] },
  { name: "an emoji is one span with its skin tone or as a flag; ® is text", text: "Hola 👍🏽 desde 🇸🇻 con Tarjeta Oro® y ❤️.\nSaludos.", expected: [["emoji", "👍🏽"], ["emoji", "🇸🇻"], ["emoji", "❤️"]] },
  { name: "«tickets» is not the banned «ticket» (whole words)", text: "Hola. Revisamos los números de tickets.\nSaludos.", expected: [] },
  { name: "missing greeting", text: "Su pedido llega mañana.\nSaludos.", expected: [["greeting", ""]], score: 95 },
  { name: "missing sign-off", text: "Hola. Su pedido llega mañana.", expected: [["sign_off", ""]] },
  { name: "the customer's name is not used", channel: "messenger", customerName: "María José", text: "Hola. Su pedido llega mañana.\nSaludos.", expected: [["customer_name", ""]] },
  {
    name: "several at once, in the order of their spans",
    text: "Te garantizamos 🙂 que tu caso se resuelve hoy, como ya le explicamos.",
    expected: [
      ["greeting", ""],
      ["register", "Te"],
      ["emoji", "🙂"],
      ["register", "tu"],
      ["banned_phrase", "como ya le explicamos"],
      ["sign_off", ""],
    ],
    score: 25,
  },
  // ---- English ------------------------------------------------------------------------------------
  { name: "English, clean (no register in English)", locale: "en", text: "Hi Sam, your order ships tomorrow. You can track it online.\nBest regards.", expected: [], score: 100 },
  { name: "English banned phrase, any case", locale: "en", text: "Hello, we GUARANTEE a refund today.\nThanks", expected: [["banned_phrase", "we GUARANTEE"]] },
  { name: "English severe condescension", locale: "en", text: "Hello. Please calm down, we are on it.\nKind regards,\nThe team", expected: [["banned_phrase", "calm down"]], score: 70 },
  { name: "a Spanish phrase with no locale applies in English too", locale: "en", text: "Hello. We see your número de ticket.\nThanks.", expected: [["banned_phrase", "número de ticket"]] },
  {
    name: "English, no greeting and no sign-off",
    locale: "en",
    text: "Your order ships tomorrow.",
    expected: [
      ["greeting", ""],
      ["sign_off", ""],
    ],
  },
];

describe("the reply checker, over a table of Spanish and English replies", () => {
  it.each(TABLE)("$name", ({ channel = "email", locale = "es", customerName, text, expected, score }) => {
    const r = checkReply(DOC, { channel, locale, text, ...(customerName ? { customerName } : {}) });
    expect(r.violations.map((v) => [v.guideline, v.text])).toEqual(expected);
    for (const v of r.violations) expect(text.slice(v.start, v.end)).toBe(v.text);
    expect(r.passed).toBe(expected.length === 0);
    if (score !== undefined) expect(r.score).toBe(score);
  });
});

describe("what a violation offers", () => {
  it("a banned phrase's alternative, in the draft's case", () => {
    const [v] = checkReply(DOC, { channel: "email", locale: "es", text: "Hola. Le garantizamos el reembolso.\nSaludos." }).violations;
    expect(v).toMatchObject({ severity: "major", replacement: "Haremos todo lo posible", suggestion: "Escribe en su lugar: «haremos todo lo posible».", params: { category: "over_promising" } });
    expect(v!.message).toBe("«Le garantizamos» es una frase prohibida por las pautas de tono.");
  });

  it("the other register's form: tú → usted (pronoun and possessive apart), usted → tú", () => {
    const r = checkReply(DOC, { channel: "email", locale: "es", text: "Hola. Tú puedes revisar tu saldo; te llamamos contigo presente.\nSaludos." });
    expect(r.violations.map((v) => [v.text, v.replacement])).toEqual([
      ["Tú", "Usted"],
      ["puedes", "puede"],
      ["tu", "su"],
      ["te", "le"],
      ["contigo", "con usted"],
    ]);
    expect(r.register).toBe("tu");
    const tu = checkReply(DOC, { channel: "webchat", locale: "es", text: "Hola. Permítame revisar; comuníquese con nosotros. Usted decide, hablamos con usted o preparamos algo para usted." });
    expect(tu.violations.map((v) => [v.text, v.replacement])).toEqual([
      ["Permítame", "Permíteme"],
      ["comuníquese", "comunícate"],
      ["Usted", "Tú"],
      ["con usted", "contigo"],
      ["usted", "ti"],
    ]);
  });

  it("detects the register used, whatever the rule", () => {
    const reg = (text: string) => checkReply(DOC, { channel: "email", locale: "es", text }).register;
    expect(reg("Hola, ¿usted recibió el correo?")).toBe("usted");
    expect(reg("Hola, ¿tú recibiste el correo?")).toBe("tu");
    expect(reg("Hola, usted dijo que tienes dudas")).toBe("mixed");
    expect(reg("Hola, su pedido llegó")).toBe("none");
  });

  it("places to insert a missing greeting or sign-off, with the text to insert", () => {
    const text = "Su pedido llega mañana.";
    const r = checkReply(DOC, { channel: "email", locale: "es", text, customerName: "Ana Ruiz" });
    expect(r.violations.map((v) => [v.guideline, v.start, v.replacement])).toEqual([
      ["greeting", 0, "Hola, Ana. "],
      ["sign_off", text.length, "\nSaludos."],
    ]);
    const en = checkReply(DOC, { channel: "email", locale: "en", text: "Your order ships tomorrow.  \n" });
    expect(en.violations.map((v) => [v.guideline, v.start, v.replacement])).toEqual([
      ["greeting", 0, "Hello, "],
      ["sign_off", "Your order ships tomorrow.".length, "\nBest regards."],
    ]);
  });

  it("length counts characters as a person does; far over the limit is major", () => {
    const emoji = "👍".repeat(281);
    const ok = checkReply(DOC, { channel: "twitter", locale: "es", text: `Hola ${"👍".repeat(275)}` });
    expect(ok.violations.filter((v) => v.guideline === "max_length")).toEqual([]);
    const over = checkReply(DOC, { channel: "twitter", locale: "es", text: `Hola ${"x".repeat(500)}` }).violations.find((v) => v.guideline === "max_length");
    expect(over).toMatchObject({ severity: "major", start: 280, params: { maxLength: 280, length: 505 } });
    expect(checkReply(DOC, { channel: "twitter", locale: "es", text: emoji }).length).toBe(281);
  });
});

describe("rules per channel and what the engine's rules see", () => {
  it("a channel overrides the defaults field by field, with its point of view", () => {
    expect(effectiveToneRules(DOC, "whatsapp")).toEqual({ rules: { register: "usted", maxLength: 300, emoji: true, greeting: true, signOff: true }, pointOfView: "El auxiliar instantáneo" });
    expect(effectiveToneRules(DOC, "phone")).toEqual({ rules: { register: "usted", emoji: false, greeting: true, signOff: true } });
    expect(checkReply(DOC, { channel: "whatsapp", locale: "es", text: "Hola. Listo.\nSaludos." }).pointOfView).toBe("El auxiliar instantáneo");
  });

  it("tone.* facts summarise the check", () => {
    const r = checkReply(DOC, { channel: "email", locale: "es", text: "Como ya le explicamos, tu caso sigue abierto." });
    expect(toneFacts(r)).toEqual({
      "tone.score": 45,
      "tone.violations": 4,
      "tone.severe": 1,
      "tone.maxSeverity": "severe",
      "tone.guidelines": ["greeting", "banned_phrase", "register", "sign_off"],
      "tone.register": "tu",
    });
    expect(toneFacts(checkReply(DOC, { channel: "email", locale: "es", text: "Hola. Listo.\nSaludos." }))).toMatchObject({ "tone.score": 100, "tone.maxSeverity": "none", "tone.guidelines": [] });
  });

  it("the approval presets are valid rules on crisis.active and tone.severe", () => {
    const crisis = RoutingRule.parse(toneApprovalRule("crisis_active", "es"));
    expect(crisis).toMatchObject({ id: "aprobacion-crisis", conditions: { all: [{ fact: "crisis.active", operator: "equal", value: true }] }, actions: [{ type: "require_approval" }] });
    const severe = RoutingRule.parse(toneApprovalRule("severe_violation", "en"));
    expect(severe).toMatchObject({ id: "aprobacion-violacion-grave", name: "Approval on a severe violation", conditions: { all: [{ fact: "tone.severe", operator: "greaterThan", value: 0 }] } });
  });
});
