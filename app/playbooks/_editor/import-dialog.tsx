"use client";
// The "Importar reglas" dialog: paste rules, see what is wrong in words, or get them drawn and laid out.
import { useId, useRef, useState } from "react";
import { fmt } from "@/app/_i18n";
import { useModal } from "@/app/_components/use-modal";
import { useI18n } from "@/app/_i18n/client";
import { importRulesText, type RulesImport } from "./import-rules";
import { editorText } from "./messages";
import { useEditorStoreApi } from "./store";

export function ImportRulesDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { locale } = useI18n();
  const m = editorText(locale).importRules;
  const store = useEditorStoreApi();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const fieldId = useId();
  const [text, setText] = useState("");
  const [result, setResult] = useState<RulesImport | null>(null);

  useModal(ref, open, () => setResult(null));

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const r = importRulesText(text);
    setResult(r);
    if (!r.ok) return;
    const s = store.getState();
    s.replaceGraph(r.graph);
    s.notify({ kind: "text", tone: "info", text: [fmt(m.done, { n: r.rules }), ...(r.warnings.length ? [m.warnings, ...r.warnings] : [])].join(" ") });
    onClose();
  };

  return (
    <dialog ref={ref} className="fe-dialog fe-import" aria-labelledby={titleId} onClose={onClose} onCancel={onClose} data-testid="import-rules-dialog">
      <form onSubmit={submit}>
        <div className="fe-dialog-head">
          <h2 id={titleId} className="card-title">
            {m.title}
          </h2>
        </div>
        <p className="sub">{m.intro}</p>
        <label htmlFor={fieldId} className="fe-import-label">
          {m.field}
        </label>
        <textarea
          id={fieldId}
          className="insp-input is-mono fe-import-text"
          rows={12}
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-invalid={result?.ok === false}
          aria-describedby={result?.ok === false ? `${fieldId}-err` : undefined}
          spellCheck={false}
          autoFocus
        />
        {result && !result.ok && (
          <div id={`${fieldId}-err`} className="field-error" role="alert">
            {result.reason === "json" ? (
              fmt(m.badJson, { message: result.message })
            ) : (
              <>
                {m.badShape}
                <ul>
                  {result.issues.map((i, k) => (
                    <li key={k}>
                      <code>{i.path}</code>: {i.message}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </div>
        )}
        <div className="fe-dialog-actions">
          <button type="button" className="btn btn-ghost" onClick={onClose}>
            {m.cancel}
          </button>
          <button type="submit" className="btn btn-primary" disabled={!text.trim()}>
            {m.submit}
          </button>
        </div>
      </form>
    </dialog>
  );
}
