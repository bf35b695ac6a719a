// Auto-reply templates: `{{customer.name}}`, `{{customer.firstName}}`, `{{channel}}`,
// `{{attributes.X}}` (and any other fact path). A missing value is empty text, never "undefined".
import type { Facts } from "./conditions";

export type Template = (facts: Facts) => string;

const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w]*(?:\.[^\s{}.]+)*)\s*\}\}/g;

function textOf(v: unknown): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return v.map(textOf).filter((s) => s !== "").join(", ");
  return "";
}

function lookup(facts: Facts, path: string[]): unknown {
  if (path.length === 2 && path[0] === "customer" && path[1] === "firstName") {
    const name = lookup(facts, ["customer", "name"]);
    return typeof name === "string" ? (name.trim().split(/\s+/)[0] ?? "") : undefined;
  }
  let v: unknown = facts;
  for (const k of path) {
    if (v === null || typeof v !== "object" || !Object.hasOwn(v, k)) return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

export function compileTemplate(src: string): Template {
  const parts: (string | string[])[] = [];
  let last = 0;
  for (const m of src.matchAll(PLACEHOLDER)) {
    parts.push(src.slice(last, m.index));
    parts.push(m[1]!.split("."));
    last = m.index! + m[0].length;
  }
  parts.push(src.slice(last));
  if (parts.length === 1) return () => src;
  return (facts) => {
    let out = "";
    for (const p of parts) out += typeof p === "string" ? p : textOf(lookup(facts, p));
    return out;
  };
}
