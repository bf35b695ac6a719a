"use client";
// The node palette: searchable (names and keywords in both languages), drag onto the canvas, or
// Enter / click to add at the centre of the view (keyboard users).
import { useId, useMemo, useState, type DragEvent } from "react";
import { useReactFlow } from "@xyflow/react";
import { nodeSize, newNode } from "@/engine/flow";
import { fmt } from "@/app/_i18n";
import { useI18n } from "@/app/_i18n/client";
import type { FlowKind, FlowNodeType } from "@/schemas";
import { PALETTE_MIME } from "./canvas";
import { editorMessages, editorText } from "./messages";
import { NODE_SPECS, offeredIn, PALETTE_ORDER, type PaletteCategory } from "./specs";
import { useEditor, useEditorStoreApi } from "./store";

const CATEGORIES: PaletteCategory[] = ["start", "logic", "actions", "end"];

export const normalize = (s: string) =>
  s
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase();

/** Each kind's searchable text: its names, hints and keywords in every language, and its type. */
const HAYSTACK: Record<FlowNodeType, string> = Object.fromEntries(
  PALETTE_ORDER.map((t) => [t, normalize([t.replace(/_/g, " "), ...Object.values(editorMessages).flatMap((m) => [m.kinds[t], m.kindHints[t], m.keywords[t]])].join(" "))]),
) as Record<FlowNodeType, string>;

export function matchKinds(query: string, kind: FlowKind = "routing"): FlowNodeType[] {
  const words = normalize(query).split(/\s+/).filter(Boolean);
  return PALETTE_ORDER.filter((t) => offeredIn(t, kind) && words.every((w) => HAYSTACK[t].includes(w)));
}

export function Palette() {
  const { locale } = useI18n();
  const m = editorText(locale);
  const api = useEditorStoreApi();
  const rf = useReactFlow();
  const [query, setQuery] = useState("");
  const searchId = useId();
  const helpId = useId();
  const flowKind = useEditor((s) => s.doc.kind);
  const kinds = useMemo(() => matchKinds(query, flowKind), [query, flowKind]);

  function addAtCentre(type: FlowNodeType): void {
    const pane = document.querySelector(".flow-canvas")?.getBoundingClientRect();
    const centre = pane ? rf.screenToFlowPosition({ x: pane.left + pane.width / 2, y: pane.top + pane.height / 2 }) : { x: 0, y: 0 };
    const size = nodeSize(newNode(type, "probe", { x: 0, y: 0 }));
    const boxes = api.getState().doc.graph.nodes.map((n) => ({ ...n.position, ...nodeSize(n) }));
    const GAP = 24;
    const free = (q: { x: number; y: number }) =>
      !boxes.some((b) => q.x < b.x + b.width + GAP && b.x < q.x + size.width + GAP && q.y < b.y + b.height + GAP && b.y < q.y + size.height + GAP);
    // Below the nodes already at the centre, so repeated adds neither stack nor hide a handle.
    let p = { x: Math.round(centre.x - size.width / 2), y: Math.round(centre.y - size.height / 2) };
    for (let k = 0; k < 200 && !free(p); k++) p = { x: p.x, y: p.y + 40 };
    api.getState().addNode(type, p);
  }

  function onDragStart(e: DragEvent, type: FlowNodeType): void {
    e.dataTransfer.setData(PALETTE_MIME, type);
    e.dataTransfer.setData("text/plain", m.kinds[type]);
    e.dataTransfer.effectAllowed = "copy";
  }

  return (
    <section className="fe-palette" data-testid="palette" aria-labelledby={`${searchId}-title`}>
      <h2 id={`${searchId}-title`} className="fe-panel-title">
        {m.palette.title}
      </h2>
      <label htmlFor={searchId} className="sr-only">
        {m.palette.search}
      </label>
      <input
        id={searchId}
        type="search"
        className="fe-input"
        data-testid="palette-search"
        placeholder={m.palette.searchPlaceholder}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          // Enter in the search box adds the first match.
          if (e.key === "Enter" && kinds[0]) {
            e.preventDefault();
            addAtCentre(kinds[0]);
          }
        }}
        aria-describedby={helpId}
        autoComplete="off"
      />
      <p id={helpId} className="fe-help">
        {m.palette.help}
      </p>
      {kinds.length === 0 ? (
        <p className="fe-help" role="status">
          {fmt(m.palette.none, { q: query })}
        </p>
      ) : (
        CATEGORIES.map((cat) => {
          const items = kinds.filter((k) => NODE_SPECS[k].category === cat);
          if (!items.length) return null;
          const headingId = `${searchId}-${cat}`;
          return (
            <div key={cat} className="fe-palette-group">
              <h3 id={headingId} className="fe-palette-cat">
                {m.categories[cat]}
              </h3>
              <ul className="fe-palette-list" aria-labelledby={headingId}>
                {items.map((type) => {
                  const Icon = NODE_SPECS[type].icon;
                  return (
                    <li key={type}>
                      <button
                        type="button"
                        draggable
                        className={`fe-palette-item fn-${cat}`}
                        data-testid={`palette-item-${type}`}
                        onDragStart={(e) => onDragStart(e, type)}
                        onClick={() => addAtCentre(type)}
                        aria-label={fmt(m.palette.add, { kind: m.kinds[type] })}
                        title={m.kindHints[type]}
                      >
                        <span className="fe-palette-icon" aria-hidden="true">
                          <Icon />
                        </span>
                        <span className="fe-palette-text">
                          <span className="fe-palette-name">{m.kinds[type]}</span>
                          <span className="fe-palette-hint">{m.kindHints[type]}</span>
                        </span>
                      </button>
                    </li>
                  );
                })}
              </ul>
            </div>
          );
        })
      )}
    </section>
  );
}
