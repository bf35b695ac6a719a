// Text helpers shared by the derived facts and the custom text operators. Pure functions only.

const MARKS = /\p{M}+/gu;
const NON_WORD = /[^\p{L}\p{N}]+/u;

/** Lower-case, accents removed, whitespace collapsed: `Reémbolso  YA` → `reembolso ya`. */
export function normalizeText(s: string): string {
  return s.normalize("NFD").replace(MARKS, "").toLowerCase().replace(/\s+/g, " ").trim();
}

/** Accent- and case-insensitive word tokens (letters and digits). */
export function tokenize(s: string): string[] {
  const n = normalizeText(s);
  if (n === "") return [];
  return n.split(NON_WORD).filter((t) => t !== "");
}

// Short, hand-checked lists: the words that carry no routing meaning in Spanish and English.
// (The @nlpjs stop-word lists are used by the sentiment analyser; these decide `keywords`.)
const STOP_ES =
  "a al algo algun alguna algunas alguno algunos ante antes aqui asi aun cada como con contra cual cuales cuando de del desde donde dos el ella ellas ello ellos en entre era eran eres es esa esas ese eso esos esta estaba estado estan estar estas este esto estos estoy fue fueron fui ha habia han has hasta hay he la las le les lo los me mi mis mucho muy nada ni no nos nosotros o os otra otro para pero poco por porque que quien se sea ser si sin sino sobre sois solo somos son soy su sus tambien tan te tengo ti tiene tienen todo todos tu tus un una uno unos usted ustedes vos y ya yo hola buenas buenos dias tardes noches gracias favor";
const STOP_EN =
  "a about above after again all am an and any are as at be because been before being below between both but by can could did do does doing down during each few for from further had has have having he her here hers him his how i if in into is it its just me more most my no nor not now of off on once only or other our ours out over own same she should so some such than that the their them then there these they this those through to too under until up very was we were what when where which while who whom why will with would you your yours hello hi hey thanks thank please";

export const STOP_WORDS: ReadonlySet<string> = new Set([...STOP_ES.split(" "), ...STOP_EN.split(" ")]);

/** Tokens without stop-words, in order of first appearance, unique. */
export function keywordsOf(s: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const t of tokenize(s)) {
    if (STOP_WORDS.has(t) || seen.has(t)) continue;
    seen.add(t);
    out.push(t);
  }
  return out;
}
