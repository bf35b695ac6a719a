// The tone editor's pure parts: field errors by path (from the schema here or the server), the
// approval presets as rules of the document, what the live checker may run on, and the highlight
// segments of a draft.
import { TONE_APPROVAL_RULE_IDS, toneApprovalRule, type ToneApprovalPreset } from "@/engine/tone";
import { TonePlaybook, type Locale, type ToneViolation } from "@/schemas";
import { fmt } from "@/app/_i18n";
import type { ToneMessages } from "./messages";

export interface Issue {
  path: string;
  message: string;
  code?: string;
}

/** Issue path → its sentences in the UI's language (one field may have several). */
export type FieldErrors = ReadonlyMap<string, string[]>;

function issueText(i: Issue, m: ToneMessages): string {
  if (i.code === "too_small") return i.path.endsWith("maxLength") ? fmt(m.errors.number, { min: 1, max: 100000 }) : m.errors.required;
  if (i.code === "too_big") return i.path.endsWith("maxLength") ? fmt(m.errors.number, { min: 1, max: 100000 }) : m.errors.tooLong;
  if (i.code === "invalid_type" && i.path.endsWith("maxLength")) return fmt(m.errors.number, { min: 1, max: 100000 });
  if (i.code === "custom" && /^channels\.\d+\.channel$/.test(i.path)) return m.errors.duplicateChannel;
  return i.message;
}

export function fieldErrors(issues: readonly Issue[], m: ToneMessages): FieldErrors {
  const out = new Map<string, string[]>();
  for (const i of issues) {
    const text = issueText(i, m);
    const list = out.get(i.path) ?? [];
    if (!list.includes(text)) list.push(text);
    out.set(i.path, list);
  }
  return out;
}

/** The document's own problems, as the server would report them (same schema). */
export function documentIssues(doc: TonePlaybook): Issue[] {
  const r = TonePlaybook.safeParse(doc);
  return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message, code: i.code }));
}

/** Blank list entries are dropped rather than reported: an empty line in "who we are" means nothing. */
export function forSave(doc: TonePlaybook): TonePlaybook {
  const keep = (l: readonly string[]) => l.filter((s) => s.trim() !== "");
  return { ...doc, whoWeAre: keep(doc.whoWeAre), whoWeAreNot: keep(doc.whoWeAreNot), do: keep(doc.do), dont: keep(doc.dont) };
}

/** What the live checker runs on while the form is half-filled: rows without a phrase are skipped. */
export function checkable(doc: TonePlaybook): TonePlaybook {
  const len = (n: number | undefined) => (n !== undefined && Number.isInteger(n) && n >= 1 ? n : undefined);
  const rules = <T extends { maxLength?: number }>(r: T): T => {
    const { maxLength, ...rest } = r;
    const ok = len(maxLength);
    return (ok === undefined ? rest : { ...rest, maxLength: ok }) as T;
  };
  return {
    ...doc,
    defaults: rules(doc.defaults),
    channels: doc.channels.map(rules),
    bannedPhrases: doc.bannedPhrases.filter((p) => p.phrase.trim() !== ""),
  };
}

export function hasApproval(doc: TonePlaybook, preset: ToneApprovalPreset): boolean {
  return doc.rules.some((r) => r.id === TONE_APPROVAL_RULE_IDS[preset]);
}

/** Turning a preset on adds its standard rule (in the playbook's language); off removes it. */
export function withApproval(doc: TonePlaybook, preset: ToneApprovalPreset, on: boolean): TonePlaybook {
  const id = TONE_APPROVAL_RULE_IDS[preset];
  const rest = doc.rules.filter((r) => r.id !== id);
  return { ...doc, rules: on ? [...rest, toneApprovalRule(preset, doc.locale as Locale)] : rest };
}

export function otherRules(doc: TonePlaybook) {
  const preset = new Set(Object.values(TONE_APPROVAL_RULE_IDS));
  return doc.rules.filter((r) => !preset.has(r.id));
}

/** A run of the draft and the violations covering it (none: plain text). */
export interface Segment {
  start: number;
  end: number;
  text: string;
  violations: number[];
}

/**
 * The draft cut at every span boundary, so overlapping spans still give one <mark> per run and
 * the mirror shows exactly the draft's characters. Places (start == end) get an empty segment.
 */
export function segments(text: string, violations: readonly Pick<ToneViolation, "start" | "end">[]): Segment[] {
  const cuts = new Set<number>([0, text.length]);
  for (const v of violations) {
    cuts.add(Math.min(v.start, text.length));
    cuts.add(Math.min(v.end, text.length));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out: Segment[] = [];
  for (let k = 0; k < points.length; k++) {
    const at = points[k]!;
    const places = violations.flatMap((v, i) => (v.start === v.end && Math.min(v.start, text.length) === at ? [i] : []));
    if (places.length) out.push({ start: at, end: at, text: "", violations: places });
    const next = points[k + 1];
    if (next === undefined) break;
    const covering = violations.flatMap((v, i) => (v.start < v.end && v.start <= at && v.end >= next ? [i] : []));
    out.push({ start: at, end: next, text: text.slice(at, next), violations: covering });
  }
  return out;
}

export function applyReplacement(text: string, v: Pick<ToneViolation, "start" | "end" | "replacement">): string {
  return v.replacement === undefined ? text : text.slice(0, v.start) + v.replacement + text.slice(v.end);
}
