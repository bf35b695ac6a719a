// Derived facts: everything a rule can look at, computed once per case (documented in FACTS.md).
import { createRequire } from "node:module";
import type { Case, CustomerTier } from "@/schemas";
import type { Facts } from "./conditions";
import { keywordsOf, normalizeText, tokenize } from "./text";

/** Channel tier: 1 = direct, private conversations; 2 = social direct messages and SMS; 3 = public. */
export const CHANNEL_TIER: Readonly<Record<string, 1 | 2 | 3>> = Object.freeze({
  whatsapp: 1,
  phone: 1,
  webchat: 1,
  email: 1,
  messenger: 2,
  instagram: 2,
  facebook: 2,
  sms: 2,
  twitter: 3,
  community: 3,
});

/** lifetimeValue thresholds used when the case gives no tier (same currency as the integration sends). */
export const TIER_THRESHOLDS = Object.freeze({ vip: 10_000, high_value: 2_000, standard: 1 });

export function customerTierOf(c: Case["customer"]): CustomerTier {
  if (c.tier) return c.tier;
  const ltv = c.lifetimeValue;
  if (ltv === undefined) return "new";
  if (ltv >= TIER_THRESHOLDS.vip) return "vip";
  if (ltv >= TIER_THRESHOLDS.high_value) return "high_value";
  if (ltv >= TIER_THRESHOLDS.standard) return "standard";
  return "new";
}

// Language detection: the share of each language's most frequent function words in the text.
const MARKERS: Record<"es" | "en" | "pt", Set<string>> = {
  es: new Set("el la los las de del que y en un una por para con no es mi me quiero hola gracias como pero esta estoy tengo pedido muy su se lo al".split(" ")),
  en: new Set("the a an and of to in is it i you my me want hello hi thanks thank for with not this that was order please have on are be".split(" ")),
  pt: new Set("o a os as de do da dos das que e em um uma por para com nao e meu minha eu quero ola obrigado obrigada voce esta estou tenho pedido muito seu".split(" ")),
};
// words that only one of es/pt uses tip the balance between those two close languages
const ONLY: Record<"es" | "pt", Set<string>> = {
  es: new Set("el los del y hola gracias pero muy".split(" ")),
  pt: new Set("o os do da dos das em nao eu ola obrigado obrigada voce muito".split(" ")),
};

export function detectLanguage(text: string): "es" | "en" | "pt" | undefined {
  const toks = tokenize(text);
  if (toks.length === 0) return undefined;
  const score = { es: 0, en: 0, pt: 0 };
  for (const t of toks) {
    for (const l of ["es", "en", "pt"] as const) if (MARKERS[l].has(t)) score[l] += 1;
    if (ONLY.es.has(t)) score.es += 0.5;
    if (ONLY.pt.has(t)) score.pt += 0.5;
  }
  // Portuguese-only letters (ã, õ, ç) and Spanish-only ones (ñ, ¿, ¡)
  if (/[ãõç]/i.test(text)) score.pt += 2;
  if (/[ñ¿¡]/i.test(text)) score.es += 2;
  const best = (Object.entries(score) as ["es" | "en" | "pt", number][]).sort((a, b) => b[1] - a[1]);
  if (best[0]![1] === 0 || best[0]![1] === best[1]![1]) return undefined;
  return best[0]![0];
}

// ---------------------------------------------------------------------------------------------
// Sentiment: @nlpjs/sentiment with the Spanish (lang-es) and English (lang-en) Senticon lexicons.

interface Analyzer {
  process(input: { locale: string; text: string }): Promise<{ sentiment: { score: number; average: number; vote: string } }>;
}

let analyzer: Promise<Analyzer> | undefined; // loaded once, read-only afterwards

function loadAnalyzer(): Promise<Analyzer> {
  analyzer ??= (async () => {
    const require = createRequire(import.meta.url);
    const { Container } = require("@nlpjs/core");
    const { SentimentAnalyzer } = require("@nlpjs/sentiment");
    const { LangEs } = require("@nlpjs/lang-es");
    const { LangEn } = require("@nlpjs/lang-en");
    const container = new Container();
    container.use(LangEs);
    container.use(LangEn);
    return new SentimentAnalyzer({ container }) as Analyzer;
  })();
  return analyzer;
}

/** |score| below this is neutral (documented in FACTS.md). */
export const NEUTRAL_BAND = 0.2;

export type Sentiment = { score: number; comparative: number; label: "negative" | "neutral" | "positive" };

export async function sentimentOf(text: string, language: string): Promise<Sentiment> {
  const locale = language === "en" ? "en" : "es"; // Portuguese and others: the Spanish lexicon is the closest we ship
  const a = await loadAnalyzer();
  const r = (await a.process({ locale, text })).sentiment;
  const score = Math.round(r.score * 1000) / 1000;
  const comparative = Math.round(r.average * 10000) / 10000;
  // A neutral band: lexicon scores of plain questions hover just off zero and must not raise priority.
  const label = score <= -NEUTRAL_BAND ? "negative" : score >= NEUTRAL_BAND ? "positive" : "neutral";
  return { score, comparative, label };
}

/** Derive every fact the rules can use from a validated case. */
export async function deriveCaseFacts(c: Case, ctx: { now: Date }): Promise<Facts> {
  const full = c.subject ? `${c.subject}\n${c.text}` : c.text;
  const language = (c.language ?? detectLanguage(full) ?? c.customer.language ?? "es").toLowerCase().slice(0, 2);
  const facts: Facts = {
    channel: c.channel,
    channelTier: CHANNEL_TIER[c.channel] ?? 1,
    source: c.source ?? c.channel,
    externalId: c.externalId,
    receivedAt: c.receivedAt ?? ctx.now.toISOString(),
    language,
    subject: c.subject ?? "",
    text: c.text,
    normalizedText: normalizeText(full),
    keywords: keywordsOf(full),
    sentiment: await sentimentOf(full, language),
    customer: { ...c.customer },
    customerTier: customerTierOf(c.customer),
    attributes: { ...c.attributes },
  };
  if (c.customer.country !== undefined) facts.country = c.customer.country;
  if (c.customer.region !== undefined) facts.region = c.customer.region;
  return facts;
}
