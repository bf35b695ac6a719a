// The OKR editor's form state and its document: numbers and dates are kept as typed (so "4," or an
// empty target can sit in a field), and become an OkrPlaybook for the lint and for saving.
import type { Channel } from "@/schemas/case";
import type { OkrPlaybook } from "@/schemas/playbook";
import type { OkrMetric } from "@/schemas/okr";
import { parseNumber } from "../_editor/settings/logic";

export interface KeyResultForm {
  id: string;
  title: string;
  metric: OkrMetric;
  channel: Channel | "";
  baseline: string;
  target: string;
  startDate: string;
  targetDate: string;
}
export interface ObjectiveForm {
  id: string;
  title: string;
  description: string;
  keyResults: KeyResultForm[];
}

export function toForm(doc: OkrPlaybook): ObjectiveForm[] {
  return doc.objectives.map((o) => ({
    id: o.id,
    title: o.title,
    description: o.description ?? "",
    keyResults: o.keyResults.map((k) => ({
      id: k.id,
      title: k.title,
      metric: k.metric,
      channel: k.channel ?? "",
      baseline: k.baseline === undefined ? "" : String(k.baseline),
      target: String(k.target),
      startDate: k.startDate ?? "",
      targetDate: k.targetDate ?? "",
    })),
  }));
}

/** The document the form stands for. A number that does not parse becomes NaN, which the schema refuses at its field. */
export function toDocument(base: OkrPlaybook, objectives: readonly ObjectiveForm[]): OkrPlaybook {
  const num = (s: string) => parseNumber(s) ?? Number.NaN;
  return {
    ...base,
    objectives: objectives.map((o) => ({
      id: o.id,
      title: o.title,
      ...(o.description.trim() ? { description: o.description } : {}),
      keyResults: o.keyResults.map((k) => ({
        id: k.id,
        title: k.title,
        metric: k.metric,
        ...(k.channel ? { channel: k.channel } : {}),
        ...(k.baseline.trim() ? { baseline: num(k.baseline) } : {}),
        target: num(k.target),
        ...(k.startDate ? { startDate: k.startDate } : {}),
        ...(k.targetDate ? { targetDate: k.targetDate } : {}),
      })),
    })),
  };
}

/** The first `prefix<n>` no objective or key result uses yet (ids must be unique across the set). */
export function nextId(prefix: string, objectives: readonly ObjectiveForm[]): string {
  const used = new Set(objectives.flatMap((o) => [o.id, ...o.keyResults.map((k) => k.id)]));
  let n = 1;
  while (used.has(`${prefix}${n}`)) n++;
  return `${prefix}${n}`;
}

/** The list with item `i` moved one place up (-1) or down (+1); unchanged at the ends. */
export function moved<T>(list: readonly T[], i: number, by: -1 | 1): T[] {
  const j = i + by;
  if (j < 0 || j >= list.length) return [...list];
  const out = [...list];
  out.splice(j, 0, ...out.splice(i, 1));
  return out;
}
