// The editor side of each node kind: icon, palette category, the summary its renderer shows and its
// settings panel. One record typed over FlowNodeType, so a new kind that is not described here fails
// tsc. (Defaults, handles and compilation are the engine's half: engine/flow/specs.ts.)
import type { ComponentType, ReactElement } from "react";
import { FACT_CATALOG } from "@/engine/flow";
import { describeLeaf, fieldName, formatValue } from "@/engine/explain";
import type { Condition, FlowKind, FlowNode, FlowNodeOf, FlowNodeType, JsonValue } from "@/schemas";
import { SETTINGS } from "./settings";
import type { SettingsProps } from "./store";
import type { EditorMessages } from "./messages";
import { settingsMessages } from "./settings/messages";
import { fmt } from "@/app/_i18n";

export type PaletteCategory = "start" | "logic" | "actions" | "end";
type Locale = "es" | "en";

export interface NodeSpec<T extends FlowNodeType> {
  category: PaletteCategory;
  icon: () => ReactElement;
  /** the lines the node shows under its title (empty when not set up yet) */
  summary: (node: FlowNodeOf<T>, m: EditorMessages, locale: Locale) => string[];
  settings: ComponentType<SettingsProps<T>>;
  /** only offered in flows of these kinds (absent: every kind) */
  kinds?: readonly FlowKind[];
}

// ---------------------------------------------------------------------------------------------
// Summaries

const MAX_LINES = 3;

function factLabel(fact: string, path: string | undefined, locale: Locale): string {
  const hit = FACT_CATALOG.find((f) => f.fact === fact && (f.path ?? "") === (path ?? ""));
  return hit ? hit.label[locale] : fieldName(fact, path);
}

function leafText(leaf: { fact: string; path?: string; operator: string; value: unknown }, locale: Locale): string {
  if (!leaf.fact) return "";
  const s = describeLeaf(leaf, locale);
  const field = fieldName(leaf.fact, leaf.path);
  return s.segments.map((seg) => (seg.kind === "field" && seg.text === field ? factLabel(leaf.fact, leaf.path, locale) : seg.text)).join("");
}

/** A condition tree as short lines: "Canal = whatsapp", "y Idioma = es", "no (…)". */
export function conditionLines(c: Condition | undefined, locale: Locale): string[] {
  if (!c) return [];
  const and = locale === "es" ? "y" : "and";
  const or = locale === "es" ? "o" : "or";
  const not = locale === "es" ? "no" : "not";
  const inline = (x: Condition): string => {
    if ("fact" in x) return leafText(x, locale);
    if ("condition" in x) return `⟨${x.condition}⟩`;
    if ("not" in x) return `${not} (${inline(x.not)})`;
    const [word, list] = "all" in x ? [and, x.all] : [or, x.any];
    return list.length === 1 && list[0] ? inline(list[0]) : `(${list.map(inline).join(` ${word} `)})`;
  };
  if ("all" in c || "any" in c) {
    const [word, list] = "all" in c ? [and, c.all] : [or, c.any];
    const lines = list.map((x, i) => (i === 0 ? inline(x) : `${word} ${inline(x)}`)).filter((l) => l.trim());
    if (lines.length > MAX_LINES) return [...lines.slice(0, MAX_LINES - 1), `+${lines.length - MAX_LINES + 1}…`];
    return lines;
  }
  const one = inline(c);
  return one ? [one] : [];
}

const list = (xs: readonly unknown[]) => xs.map((x) => formatValue(x as JsonValue, "es")).join(", ");

/** A switch case's label on its handle. */
export function caseLabel(c: { values: unknown[]; label?: string }, index: number, m: EditorMessages): string {
  if (c.label?.trim()) return c.label;
  if (c.values.length) return list(c.values);
  return fmt(m.node.caseN, { n: index + 1 });
}

// ---------------------------------------------------------------------------------------------
// Icons (decorative: renderers hide them from screen readers)

const svg = { width: 16, height: 16, viewBox: "0 0 24 24", fill: "none", stroke: "currentColor", strokeWidth: 1.9, strokeLinecap: "round", strokeLinejoin: "round" } as const;
const Icons = {
  trigger: () => (
    <svg {...svg}>
      <path d="M13 2 4 14h7l-1 8 9-12h-7z" />
    </svg>
  ),
  condition: () => (
    <svg {...svg}>
      <path d="M12 3 21 12 12 21 3 12z" />
    </svg>
  ),
  switch: () => (
    <svg {...svg}>
      <path d="M4 12h5M9 12l6-6h5M9 12h11M9 12l6 6h5" />
    </svg>
  ),
  route: () => (
    <svg {...svg}>
      <path d="M4 7h11l-3-3M4 7l0 0M20 17H9l3 3" />
      <path d="M15 7h5M4 17h5" />
    </svg>
  ),
  require_skills: () => (
    <svg {...svg}>
      <circle cx="12" cy="8" r="4" />
      <path d="M4 21c1-4 4-6 8-6s7 2 8 6" />
    </svg>
  ),
  set_priority: () => (
    <svg {...svg}>
      <path d="M5 21V4M5 4h12l-2 4 2 4H5" />
    </svg>
  ),
  add_tags: () => (
    <svg {...svg}>
      <path d="M3 12V4h8l10 10-8 8z" />
      <circle cx="7.5" cy="8.5" r="1.3" />
    </svg>
  ),
  auto_reply: () => (
    <svg {...svg}>
      <path d="M4 5h16v11H9l-5 4z" />
      <path d="M8 9h8M8 12h5" />
    </svg>
  ),
  apply_sla: () => (
    <svg {...svg}>
      <circle cx="12" cy="13" r="8" />
      <path d="M12 9v4l3 2M9 2h6" />
    </svg>
  ),
  notify: () => (
    <svg {...svg}>
      <path d="M6 16V11a6 6 0 0 1 12 0v5l2 2H4z" />
      <path d="M10 21h4" />
    </svg>
  ),
  require_approval: () => (
    <svg {...svg}>
      <path d="M12 3 4 6v6c0 5 3.5 8 8 9 4.5-1 8-4 8-9V6z" />
      <path d="m9 12 2 2 4-4" />
    </svg>
  ),
  escalation_step: () => (
    <svg {...svg}>
      <path d="M4 20h4v-4h4v-4h4V8h4" />
      <path d="M16 4h4v4" />
    </svg>
  ),
  detector: () => (
    <svg {...svg}>
      <path d="M12 3 2 20h20z" />
      <path d="M12 10v4M12 17h.01" />
    </svg>
  ),
  stop: () => (
    <svg {...svg}>
      <rect x="6" y="6" width="12" height="12" rx="2" />
    </svg>
  ),
} satisfies Record<FlowNodeType, () => ReactElement>;

// ---------------------------------------------------------------------------------------------

const action = <T extends FlowNodeType>(summary: NodeSpec<T>["summary"], type: T): NodeSpec<T> => ({
  category: "actions",
  icon: Icons[type],
  summary,
  settings: SETTINGS[type] as ComponentType<SettingsProps<T>>,
});

export const NODE_SPECS: { [T in FlowNodeType]: NodeSpec<T> } = {
  trigger: {
    category: "start",
    icon: Icons.trigger,
    summary: (n, m, locale) => {
      const lines = [n.data.channels.length ? fmt(m.node.channels, { list: n.data.channels.join(", ") }) : m.node.allChannels];
      const events = n.data.events.filter((e) => e !== "case.created");
      if (events.length) lines.push(fmt(m.node.events, { list: events.map((e) => e.replace(/^event\./, "")).join(", ") }));
      if (n.data.condition) lines.push(...conditionLines(n.data.condition, locale).slice(0, 1));
      return lines;
    },
    settings: SETTINGS.trigger,
  },
  condition: { category: "logic", icon: Icons.condition, summary: (n, _m, locale) => conditionLines(n.data.condition, locale), settings: SETTINGS.condition },
  switch: {
    category: "logic",
    icon: Icons.switch,
    summary: (n, m, locale) => (n.data.fact ? [fmt(m.node.switchOn, { fact: factLabel(n.data.fact, n.data.path, locale) })] : []),
    settings: SETTINGS.switch,
  },
  route: action((n, m) => (n.data.queue ? [fmt(m.node.queue, { queue: n.data.queue }) + (n.data.team ? ` · ${fmt(m.node.team, { team: n.data.team })}` : "")] : []), "route"),
  require_skills: action((n, m) => (n.data.skills.length ? [fmt(m.node.skills, { list: n.data.skills.join(", ") })] : []), "require_skills"),
  set_priority: action((n, m) => [fmt(m.node.priority, { p: m.node.priorities[n.data.priority] ?? n.data.priority })], "set_priority"),
  add_tags: action((n, m) => (n.data.tags.length ? [fmt(m.node.tags, { list: n.data.tags.join(", ") })] : []), "add_tags"),
  auto_reply: action((n, m) => {
    const langs = Object.entries(n.data.templates)
      .filter(([, v]) => v?.trim())
      .map(([k]) => k);
    return langs.length ? [fmt(m.node.templates, { list: langs.join(", ") })] : [];
  }, "auto_reply"),
  apply_sla: action((n, m) => (n.data.policy ? [fmt(m.node.sla, { policy: n.data.policy })] : []), "apply_sla"),
  notify: action((n, m) => (n.data.target ? [fmt(m.node.notify, { target: n.data.target })] : []), "notify"),
  require_approval: action((n, m) => [n.data.reason?.trim() ? n.data.reason : m.node.approval], "require_approval"),
  escalation_step: {
    category: "logic",
    icon: Icons.escalation_step,
    kinds: ["escalation"],
    summary: (n, m, locale) => {
      const t = settingsMessages[locale].step;
      const at = n.data.at === "warning" ? `${t.ats.warning} ${n.data.percent ?? 80}%` : n.data.at === "after_breach" ? `${t.ats.after_breach} +${n.data.minutes ?? "?"} min` : t.ats.breach;
      return [fmt(m.node.step, { metric: t.metrics[n.data.metric] ?? n.data.metric, at })];
    },
    settings: SETTINGS.escalation_step,
  },
  detector: {
    category: "end",
    icon: Icons.detector,
    kinds: ["crisis"],
    summary: (n, m) => {
      const first = n.data.levels[0];
      const words = Object.values(n.data.keywords).flat();
      // two lines fit: what it looks for, and its first threshold
      const what = n.data.name || words.slice(0, 4).join(", ");
      return [...(what ? [what] : []), ...(first ? [fmt(m.node.detector, { n: first.threshold, minutes: n.data.windowMinutes, level: first.level })] : [])];
    },
    settings: SETTINGS.detector,
  },
  stop: { category: "end", icon: Icons.stop, summary: (_n, m) => [m.node.stop], settings: SETTINGS.stop },
};

export function specOf<T extends FlowNodeType>(type: T): NodeSpec<T> {
  return NODE_SPECS[type];
}

export function nodeSummary(node: FlowNode, m: EditorMessages, locale: Locale): string[] {
  return (NODE_SPECS[node.type].summary as (n: FlowNode, m: EditorMessages, l: Locale) => string[])(node, m, locale);
}

export const PALETTE_ORDER: FlowNodeType[] = [
  "trigger",
  "condition",
  "switch",
  "escalation_step",
  "route",
  "require_skills",
  "set_priority",
  "add_tags",
  "auto_reply",
  "apply_sla",
  "notify",
  "require_approval",
  "detector",
  "stop",
];

/** Whether the palette offers a node kind in a flow of this kind (ladder steps: escalation; detectors: crisis). */
export const offeredIn = (type: FlowNodeType, kind: FlowKind) => NODE_SPECS[type].kinds?.includes(kind) ?? true;
