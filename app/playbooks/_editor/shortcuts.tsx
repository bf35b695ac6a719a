"use client";
// The editor's keyboard shortcuts (Mod = Ctrl on Linux/Windows, Cmd on Mac) and their cheat sheet.
import { Fragment, useEffect, useId, useRef } from "react";
import { useModal } from "@/app/_components/use-modal";
import { useI18n } from "@/app/_i18n/client";
import { isMacPlatform } from "./canvas";
import { editorText, type EditorMessages } from "./messages";
import type { EditorStore } from "./store";

export interface ShortcutHandlers {
  saveNow: () => void;
  fit: () => void;
  openHelp: () => void;
}

const isTyping = (t: EventTarget | null): boolean => {
  const el = t as HTMLElement | null;
  return !!el && (el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName));
};

/** The shortcut a key event means, or null. Exported for tests. */
export function shortcutOf(e: Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "shiftKey" | "altKey">, mac: boolean): string | null {
  const mod = mac ? e.metaKey : e.ctrlKey;
  const other = mac ? e.ctrlKey : e.metaKey;
  if (other || e.altKey) return null;
  const k = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (mod) {
    if (k === "z") return e.shiftKey ? "redo" : "undo";
    if (k === "y" && !e.shiftKey) return "redo";
    if (k === "c" && !e.shiftKey) return "copy";
    if (k === "v" && !e.shiftKey) return "paste";
    if (k === "d" && !e.shiftKey) return "duplicate";
    if (k === "s" && !e.shiftKey) return "save";
    return null;
  }
  if (k === "Delete" || k === "Backspace") return "delete";
  if (k === "Escape") return "escape";
  if (e.key === "?") return "help";
  if (e.shiftKey && k === "l") return "layout";
  if (e.shiftKey && k === "f") return "fit";
  return null;
}

/** Window-level shortcuts while the editor is mounted. */
export function useEditorShortcuts(store: EditorStore, h: ShortcutHandlers): void {
  const handlers = useRef(h);
  handlers.current = h;
  useEffect(() => {
    const mac = isMacPlatform();
    function onKey(e: KeyboardEvent): void {
      if (e.defaultPrevented) return;
      const action = shortcutOf(e, mac);
      if (!action) return;
      const target = e.target as HTMLElement | null;
      // A modal dialog (the cheat sheet) handles its own keys.
      if (target?.closest("dialog")) return;
      const typing = isTyping(target);
      const inInspector = !!target?.closest("[data-testid=inspector]");
      const s = store.getState();
      if (action === "save") {
        e.preventDefault();
        handlers.current.saveNow();
        return;
      }
      if (typing) {
        // In the inspector's fields undo/redo is the editor's (their edits are in its history);
        // everywhere else text fields keep their own keys.
        if (!inInspector || (action !== "undo" && action !== "redo")) return;
      }
      switch (action) {
        case "undo":
          e.preventDefault();
          s.undo();
          return;
        case "redo":
          e.preventDefault();
          s.redo();
          return;
        case "copy":
          if (window.getSelection()?.toString()) return; // copying text on the page
          if (!s.selectedNodes.size) return;
          e.preventDefault();
          s.copySelection();
          return;
        case "paste":
          e.preventDefault();
          s.paste();
          return;
        case "duplicate":
          e.preventDefault();
          s.duplicateSelection();
          return;
        case "delete": {
          // The focused node (keyboard users) or the selection.
          const focused = target?.closest<HTMLElement>(".react-flow__node")?.dataset.id;
          if (!target?.closest("[data-testid=flow-editor]") && target !== document.body) return;
          e.preventDefault();
          if (focused && !s.selectedNodes.has(focused)) s.deleteElements([focused]);
          else s.deleteSelection();
          return;
        }
        case "layout":
          e.preventDefault();
          s.autoLayout();
          return;
        case "fit":
          e.preventDefault();
          handlers.current.fit();
          return;
        case "help":
          e.preventDefault();
          handlers.current.openHelp();
          return;
        case "escape":
          if (s.selectedNodes.size || s.selectedEdges.size) s.select([]);
          return;
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [store]);
}

function rows(m: EditorMessages, mod: string): [string[][], string][] {
  const s = m.shortcuts;
  return [
    [[[mod, "Z"]], s.undo],
    [[[mod, "Shift", "Z"], [mod, "Y"]], s.redo],
    [[[mod, "C"]], s.copy],
    [[[mod, "V"]], s.paste],
    [[[mod, "D"]], s.duplicate],
    [[["Supr"], ["⌫"]], s.delete],
    [[[mod, "S"]], s.save],
    [[["Shift", "L"]], s.layout],
    [[["Shift", "F"]], s.fit],
    [[["Tab"]], s.focus],
    [[["←", "↑", "→", "↓"]], s.move],
    [[["Esc"]], s.escape],
    [[["?"]], s.help],
  ].map(([keys, label]) => [keys as string[][], label as string]);
}

/** The cheat sheet: a modal <dialog> (focus stays inside; Escape closes it). */
export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { locale } = useI18n();
  const m = editorText(locale);
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const mac = isMacPlatform();
  const mod = mac ? "⌘" : "Ctrl";

  useModal(ref, open);

  return (
    <dialog ref={ref} className="fe-dialog" aria-labelledby={titleId} onClose={onClose} onCancel={onClose}>
      <div className="fe-dialog-head">
        <h2 id={titleId} className="card-title">
          {m.shortcuts.title}
        </h2>
        <button type="button" className="btn btn-ghost" onClick={onClose} autoFocus>
          {m.shortcuts.close}
        </button>
      </div>
      <table className="fe-keys">
        <tbody>
          {rows(m, mod).map(([combos, label]) => (
            <tr key={label}>
              <td>
                {combos.map((keys, i) => (
                  <Fragment key={i}>
                    {i > 0 && <span className="sub"> {m.shortcuts.or} </span>}
                    {keys.map((k, j) => (
                      <Fragment key={j}>
                        {j > 0 && keys.length < 4 && <span aria-hidden="true">+</span>}
                        <kbd>{k === "Supr" && locale === "en" ? "Delete" : k}</kbd>
                      </Fragment>
                    ))}
                  </Fragment>
                ))}
              </td>
              <th scope="row">{label}</th>
            </tr>
          ))}
        </tbody>
      </table>
    </dialog>
  );
}
