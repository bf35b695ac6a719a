"use client";
// The editor toolbar: undo/redo, layout, fit, save (with its status), publish / create a version /
// request approval (disabled with the reason while there are errors), "Try it", "Backtest" and the shortcuts sheet.
import { useId } from "react";
import { fmt, formatDateTime } from "@/app/_i18n";
import { useI18n } from "@/app/_i18n/client";
import { isMacPlatform } from "./canvas";
import type { CommitMode } from "./commit-dialog";
import { editorText } from "./messages";
import { selectCanRedo, selectCanUndo, selectErrorCount, useEditor } from "./store";

export interface ToolbarProps {
  onFit: () => void;
  onSave: () => void;
  /** what the draft can become, the primary last (empty: none for this role) */
  commitModes: CommitMode[];
  onCommit: (mode: CommitMode) => void;
  /** a commit dialog is open */
  committing: boolean;
  tryOpen: boolean;
  onToggleTry: () => void;
  canTry: boolean;
  onShortcuts: () => void;
  onImportRules: () => void;
  backtestOpen?: boolean;
  /** absent: no backtest here (read-only canvases) */
  onToggleBacktest?: () => void;
}

const TESTID: Record<CommitMode, string> = { publish: "publish", commit: "commit-version", request: "request-approval" };

export function Toolbar(p: ToolbarProps) {
  const { locale } = useI18n();
  const m = editorText(locale);
  const canUndo = useEditor(selectCanUndo);
  const canRedo = useEditor(selectCanRedo);
  const errors = useEditor(selectErrorCount);
  const readOnly = useEditor((s) => s.readOnly);
  const save = useEditor((s) => s.save);
  const validated = useEditor((s) => s.issuesFor === s.doc);
  const undo = useEditor((s) => s.undo);
  const redo = useEditor((s) => s.redo);
  const autoLayout = useEditor((s) => s.autoLayout);
  const reasonId = useId();
  const mod = isMacPlatform() ? "⌘" : "Ctrl+";
  const blocked = errors > 0 ? (errors === 1 ? m.toolbar.publishBlockedOne : fmt(m.toolbar.publishBlocked, { n: errors })) : null;

  const statusText =
    save.status === "saved"
      ? save.updatedAt
        ? fmt(m.save.savedAt, { time: formatDateTime(save.updatedAt, locale, { hour: "2-digit", minute: "2-digit", second: "2-digit" }) })
        : m.save.saved
      : m.save[save.status];

  return (
    <div className="fe-toolbar" role="toolbar" aria-label={m.toolbar.label}>
      {!readOnly && (
        <>
          <div className="fe-tool-group">
            <button type="button" className="btn btn-ghost fe-tool" data-testid="undo" onClick={undo} disabled={!canUndo} title={`${m.toolbar.undo} (${mod}Z)`}>
              <span aria-hidden="true">↶</span> {m.toolbar.undo}
            </button>
            <button type="button" className="btn btn-ghost fe-tool" data-testid="redo" onClick={redo} disabled={!canRedo} title={`${m.toolbar.redo} (${mod}Shift+Z)`}>
              <span aria-hidden="true">↷</span> {m.toolbar.redo}
            </button>
          </div>
          <div className="fe-tool-group">
            <button type="button" className="btn btn-ghost fe-tool" data-testid="layout" onClick={autoLayout} title={`${m.toolbar.layout} (Shift+L)`}>
              {m.toolbar.layout}
            </button>
            <button type="button" className="btn btn-ghost fe-tool" data-testid="fit" onClick={p.onFit} title={`${m.toolbar.fit} (Shift+F)`}>
              {m.toolbar.fit}
            </button>
            <button type="button" className="btn btn-ghost fe-tool" data-testid="import-rules" onClick={p.onImportRules} aria-haspopup="dialog">
              {m.toolbar.importRules}
            </button>
          </div>
        </>
      )}
      {readOnly && (
        <div className="fe-tool-group">
          <span className="badge badge-muted">{m.editor.readOnly}</span>
          <button type="button" className="btn btn-ghost fe-tool" data-testid="fit" onClick={p.onFit} title={`${m.toolbar.fit} (Shift+F)`}>
            {m.toolbar.fit}
          </button>
        </div>
      )}
      <span className="spacer" />
      {!readOnly && (
        <span className={`fe-save-status is-${save.status}`} data-testid="save-status" data-status={save.status} role="status" aria-live="polite" title={save.message ?? undefined}>
          <span className="fe-dot" aria-hidden="true" />
          {statusText}
        </span>
      )}
      <div className="fe-tool-group">
        {p.canTry && (
          <button type="button" className={`btn fe-tool${p.tryOpen ? " is-on" : ""}`} data-testid="try-it" onClick={p.onToggleTry} aria-pressed={p.tryOpen}>
            {m.toolbar.tryIt}
          </button>
        )}
        {p.onToggleBacktest && (
          <button type="button" className={`btn fe-tool${p.backtestOpen ? " is-on" : ""}`} data-testid="backtest" onClick={p.onToggleBacktest} aria-pressed={!!p.backtestOpen}>
            {m.toolbar.backtest}
          </button>
        )}
        <button type="button" className="btn btn-ghost fe-tool" data-testid="shortcuts" onClick={p.onShortcuts} aria-keyshortcuts="?" title={`${m.toolbar.shortcuts} (?)`}>
          {m.toolbar.shortcuts}
        </button>
        {!readOnly && (
          <>
            <button type="button" className="btn fe-tool" data-testid="save" onClick={p.onSave} disabled={save.status === "saving" || save.status === "conflict"} title={`${m.toolbar.save} (${mod}S)`}>
              {m.toolbar.save}
            </button>
            {p.commitModes.map((mode, i) => (
              <button
                key={mode}
                type="button"
                className={`btn fe-tool${i === p.commitModes.length - 1 ? " btn-primary" : ""}`}
                data-testid={TESTID[mode]}
                onClick={() => p.onCommit(mode)}
                disabled={!!blocked || !validated || p.committing || save.status === "conflict"}
                aria-haspopup="dialog"
                aria-describedby={blocked ? reasonId : undefined}
                title={blocked ?? undefined}
              >
                {m.toolbar[mode]}
              </button>
            ))}
          </>
        )}
      </div>
      {blocked && !readOnly && p.commitModes.length > 0 && (
        <span id={reasonId} className="fe-publish-reason">
          {blocked}
        </span>
      )}
    </div>
  );
}
