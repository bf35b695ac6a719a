// "Try it" sample cases: the form's state → a CaseInput (schemas/case.ts), pasted JSON → a
// CaseInput, each with the schema's field errors by path. Pure; the TryPanel renders the errors.
import { CaseInput, Channel, CustomerTier, type CaseInput as CaseInputT } from "@/schemas";
import { parseList, parseNumber } from "../settings/logic";

export type AttributeType = "text" | "number" | "boolean" | "list";
export interface AttributeRow {
  key: string;
  value: string;
  type: AttributeType;
}

export interface CaseForm {
  channel: Channel;
  text: string;
  subject: string;
  /** "" = detect from the text */
  language: "" | "es" | "en" | "pt";
  customerName: string;
  tier: "" | CustomerTier;
  segment: string;
  country: string;
  region: string;
  lifetimeValue: string;
  followers: string;
  attributes: AttributeRow[];
}

export const EMPTY_FORM: CaseForm = {
  channel: "whatsapp",
  text: "",
  subject: "",
  language: "",
  customerName: "",
  tier: "",
  segment: "",
  country: "",
  region: "",
  lifetimeValue: "",
  followers: "",
  attributes: [],
};

export interface FieldError {
  /** the CaseInput path (`customer.country`) or a form field (`attributes.2.value`) */
  path: string;
  message: string;
  /** zod's issue code, when the schema reported it */
  code?: string;
}

export type Built = { ok: true; value: CaseInputT } | { ok: false; errors: FieldError[] };

/** A sample case id: not stored anywhere, but CaseInput requires one. */
const SAMPLE_ID = "try-it";

function attributeValue(row: AttributeRow): string | number | boolean | string[] | null {
  switch (row.type) {
    case "number":
      return parseNumber(row.value);
    case "boolean":
      return row.value === "true";
    case "list":
      return parseList(row.value);
    case "text":
      return row.value;
  }
}

/** The form as a CaseInput; errors name the form's fields (`text`, `customer.country`, `attributes.0.key`). */
export function caseFromForm(form: CaseForm): Built {
  const errors: FieldError[] = [];
  const attributes: Record<string, string | number | boolean | string[] | null> = {};
  form.attributes.forEach((row, i) => {
    const key = row.key.trim();
    if (!key && !row.value.trim()) return; // an empty row is ignored
    if (!key) errors.push({ path: `attributes.${i}.key`, message: "required" , code: "attribute_key" });
    else if (key in attributes) errors.push({ path: `attributes.${i}.key`, message: "repeated", code: "attribute_repeated" });
    const v = attributeValue(row);
    if (row.type === "number" && v === null) errors.push({ path: `attributes.${i}.value`, message: "not a number", code: "attribute_number" });
    if (key) attributes[key] = v;
  });
  const num = (s: string, path: string): number | undefined => {
    if (s.trim() === "") return undefined;
    const n = parseNumber(s);
    if (n === null) errors.push({ path, message: "not a number", code: "number" });
    return n ?? undefined;
  };
  const opt = (s: string) => (s.trim() === "" ? undefined : s.trim());
  const customer = {
    id: "try-customer",
    name: opt(form.customerName),
    tier: form.tier || undefined,
    segment: opt(form.segment),
    country: opt(form.country),
    region: opt(form.region),
    lifetimeValue: num(form.lifetimeValue, "customer.lifetimeValue"),
    followers: num(form.followers, "customer.followers"),
  };
  const input = {
    externalId: SAMPLE_ID,
    channel: form.channel,
    text: form.text,
    ...(opt(form.subject) ? { subject: form.subject.trim() } : {}),
    ...(form.language ? { language: form.language } : {}),
    customer: Object.fromEntries(Object.entries(customer).filter(([, v]) => v !== undefined)),
    attributes,
  };
  const parsed = CaseInput.safeParse(input);
  if (!parsed.success) for (const i of parsed.error.issues) errors.push({ path: i.path.map(String).join("."), message: i.message, code: i.code });
  if (errors.length) return { ok: false, errors };
  return { ok: true, value: input as CaseInputT };
}

/** Pasted JSON as a CaseInput: a syntax error with its position, or the schema's field errors. */
export function caseFromJson(text: string): Built {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, errors: [{ path: "", message: e instanceof Error ? e.message : String(e), code: "json" }] };
  }
  const parsed = CaseInput.safeParse(raw);
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message, code: i.code })) };
  return { ok: true, value: raw as CaseInputT };
}

/** A stored case back into the form (one of the last real cases, to tweak). */
export function formFromCase(c: CaseInputT): CaseForm {
  const cu = c.customer;
  const attributes: AttributeRow[] = Object.entries(c.attributes ?? {}).map(([key, v]) => {
    if (typeof v === "number") return { key, value: String(v), type: "number" };
    if (typeof v === "boolean") return { key, value: String(v), type: "boolean" };
    if (Array.isArray(v)) return { key, value: v.join(", "), type: "list" };
    return { key, value: v ?? "", type: "text" };
  });
  const lang = c.language === "es" || c.language === "en" || c.language === "pt" ? c.language : "";
  return {
    channel: c.channel,
    text: c.text,
    subject: c.subject ?? "",
    language: lang,
    customerName: cu.name ?? "",
    tier: cu.tier ?? "",
    segment: cu.segment ?? "",
    country: cu.country ?? "",
    region: cu.region ?? "",
    lifetimeValue: cu.lifetimeValue !== undefined ? String(cu.lifetimeValue) : "",
    followers: cu.followers !== undefined ? String(cu.followers) : "",
    attributes,
  };
}
