// The facts a condition can test (engine/FACTS.md) and the operators offered for each fact type.
// Used by the inspector's fact pickers; every operator listed is one the engine knows.
import { Channel, CustomerTier, EscalationStepAt, Locale, SlaMetric, type FlowKind } from "@/schemas";
import type { FactInfo, FactType } from "./types";

const CHANNELS = Channel.options;
const TIERS = CustomerTier.options;
const LANGUAGES = Locale.options;
const SENTIMENT_LABELS = ["negative", "neutral", "positive"] as const;

export const FACT_CATALOG: readonly FactInfo[] = Object.freeze([
  { fact: "channel", type: "string", values: CHANNELS, label: { es: "Canal", en: "Channel" } },
  { fact: "channelTier", type: "number", label: { es: "Nivel del canal (1 privado, 2 mensajes sociales, 3 público)", en: "Channel tier (1 private, 2 social DMs, 3 public)" } },
  { fact: "source", type: "string", label: { es: "Origen (integración)", en: "Source (integration)" } },
  { fact: "externalId", type: "string", label: { es: "Id externo", en: "External id" } },
  { fact: "receivedAt", type: "datetime", label: { es: "Recibido (fecha y hora ISO)", en: "Received at (ISO date-time)" } },
  { fact: "language", type: "string", values: LANGUAGES, label: { es: "Idioma", en: "Language" } },
  { fact: "subject", type: "string", label: { es: "Asunto", en: "Subject" } },
  { fact: "text", type: "string", label: { es: "Texto del mensaje", en: "Message text" } },
  { fact: "normalizedText", type: "string", label: { es: "Texto normalizado (asunto + texto, sin acentos)", en: "Normalised text (subject + text, no accents)" } },
  { fact: "keywords", type: "string[]", label: { es: "Palabras clave", en: "Keywords" } },
  { fact: "sentiment", path: "$.label", type: "string", values: SENTIMENT_LABELS, label: { es: "Sentimiento", en: "Sentiment" } },
  { fact: "sentiment", path: "$.score", type: "number", label: { es: "Sentimiento: puntuación", en: "Sentiment score" } },
  { fact: "sentiment", path: "$.comparative", type: "number", label: { es: "Sentimiento: puntuación por palabra", en: "Sentiment score per word" } },
  { fact: "customerTier", type: "string", values: TIERS, label: { es: "Nivel del cliente", en: "Customer tier" } },
  { fact: "country", type: "string", label: { es: "País (ISO, p. ej. MX)", en: "Country (ISO, e.g. MX)" } },
  { fact: "region", type: "string", label: { es: "Región", en: "Region" } },
  { fact: "customer", path: "$.id", type: "string", label: { es: "Cliente: id", en: "Customer: id" } },
  { fact: "customer", path: "$.name", type: "string", label: { es: "Cliente: nombre", en: "Customer: name" } },
  { fact: "customer", path: "$.tier", type: "string", values: TIERS, label: { es: "Cliente: nivel indicado", en: "Customer: given tier" } },
  { fact: "customer", path: "$.region", type: "string", label: { es: "Cliente: región", en: "Customer: region" } },
  { fact: "customer", path: "$.country", type: "string", label: { es: "Cliente: país", en: "Customer: country" } },
  { fact: "customer", path: "$.language", type: "string", values: LANGUAGES, label: { es: "Cliente: idioma", en: "Customer: language" } },
  { fact: "customer", path: "$.segment", type: "string", label: { es: "Cliente: segmento", en: "Customer: segment" } },
  { fact: "customer", path: "$.lifetimeValue", type: "number", label: { es: "Cliente: valor de vida", en: "Customer: lifetime value" } },
  { fact: "customer", path: "$.followers", type: "number", label: { es: "Cliente: seguidores", en: "Customer: followers" } },
  { fact: "attributes", path: "$.account", type: "string", label: { es: "Atributo: cuenta", en: "Attribute: account" } },
  { fact: "attributes", path: "$.program", type: "string", label: { es: "Atributo: programa", en: "Attribute: program" } },
  { fact: "attributes", path: "$.orderId", type: "string", label: { es: "Atributo: id de pedido", en: "Attribute: order id" } },
  { fact: "attributes", type: "object", label: { es: "Atributos (indica la ruta, p. ej. $.campana)", en: "Attributes (give a path, e.g. $.campaign)" } },
  // escalation flows: the SLA clock that reached a ladder step (timer and event decisions)
  { fact: "sla.step", type: "string", kinds: ["escalation"], label: { es: "SLA: paso de la escalera", en: "SLA: ladder step" } },
  { fact: "sla.metric", type: "string", values: SlaMetric.options, kinds: ["escalation"], label: { es: "SLA: métrica (primera respuesta, siguiente, resolución)", en: "SLA: metric (first response, next, resolution)" } },
  { fact: "sla.policy", type: "string", kinds: ["escalation"], label: { es: "SLA: política", en: "SLA: policy" } },
  { fact: "sla.at", type: "string", values: EscalationStepAt.options, kinds: ["escalation"], label: { es: "SLA: momento (aviso, incumplimiento, después)", en: "SLA: moment (warning, breach, after breach)" } },
  { fact: "sla.elapsedMinutes", type: "number", kinds: ["escalation"], label: { es: "SLA: minutos transcurridos", en: "SLA: minutes elapsed" } },
  { fact: "sla.targetMinutes", type: "number", kinds: ["escalation"], label: { es: "SLA: minutos del objetivo", en: "SLA: target minutes" } },
  // crisis flows: the incident that turned crisis mode on
  { fact: "crisis.active", type: "boolean", kinds: ["crisis"], label: { es: "Crisis: incidente activo", en: "Crisis: incident active" } },
  { fact: "crisis.level", type: "number", values: ["1", "2", "3"], kinds: ["crisis"], label: { es: "Crisis: nivel del incidente (1–3)", en: "Crisis: incident level (1–3)" } },
] satisfies FactInfo[]);

/** The facts a condition of a flow of this kind can test: the case's, plus `sla.*` (escalation) or `crisis.*` (crisis). */
export function factsFor(kind: FlowKind): readonly FactInfo[] {
  return FACT_CATALOG.filter((f) => f.kinds === undefined || f.kinds.includes(kind));
}

const OPERATORS: Readonly<Record<FactType, readonly string[]>> = Object.freeze({
  string: ["equal", "notEqual", "in", "notIn", "containsWord", "containsAnyWord", "containsAllWords", "textEquals", "matchesPattern"],
  number: ["equal", "notEqual", "greaterThan", "greaterThanInclusive", "lessThan", "lessThanInclusive", "in", "notIn"],
  boolean: ["equal", "notEqual"],
  "string[]": ["contains", "doesNotContain", "containsWord", "containsAnyWord", "containsAllWords"],
  // ISO date-times of one format compare as text: lessThan/greaterThan give chronological order
  datetime: ["lessThan", "lessThanInclusive", "greaterThan", "greaterThanInclusive", "equal", "notEqual", "matchesPattern"],
  object: ["equal", "notEqual", "in", "notIn", "contains", "doesNotContain", "containsWord", "containsAnyWord", "textEquals", "matchesPattern"],
});

/** Operators offered for a fact type, most useful first. */
export function operatorsFor(type: FactType): readonly string[] {
  return OPERATORS[type] ?? OPERATORS.string;
}

/** The catalogue entry of a fact (and path), if it is a known one. */
export function factInfo(fact: string, path?: string): FactInfo | undefined {
  const p = path || undefined;
  return FACT_CATALOG.find((f) => f.fact === fact && f.path === p);
}

/** What kind of value an operator expects: one value, a list, or a regular expression. */
export function operatorValueKind(operator: string): "single" | "list" | "pattern" {
  const base = operator.slice(operator.lastIndexOf(":") + 1);
  if (/(^|:)(someValue|everyValue):/.test(operator)) return "list";
  if (base === "in" || base === "notIn" || base === "containsAnyWord" || base === "containsAllWords") return "list";
  if (base === "matchesPattern") return "pattern";
  return "single";
}
