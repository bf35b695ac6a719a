"use client";
// The pieces every lifecycle dialog is made of: a modal <dialog> host, a form with its title,
// form-level alert and buttons, text and date fields that show their own error, and the mapping of
// a server refusal onto the field it names (the rest goes to the form-level alert).
import { createContext, useContext, useId, useRef } from "react";
import { TRPCClientError } from "@trpc/client";
import { useModal } from "@/app/_components/use-modal";
import { fmt } from "@/app/_i18n";
import type { FieldIssue } from "@/app/_server/errors";
import type { VersionMessages } from "./messages";
import "./versions.css";

/** Field name → message; "" is the form-level message. */
export type FormErrors = Partial<Record<string, string>>;

const TitleId = createContext("");

/** A modal dialog that renders its content only while open (so every opening starts fresh). */
export function DialogHost({ open, onClose, children, wide }: { open: boolean; onClose: () => void; children: React.ReactNode; wide?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useModal(ref, open);
  return (
    <dialog ref={ref} className={`lc-dialog${wide ? " is-wide" : ""}`} aria-labelledby={titleId} onClose={onClose} onCancel={onClose}>
      <TitleId.Provider value={titleId}>{open && children}</TitleId.Provider>
    </dialog>
  );
}

export function DialogForm({
  title,
  intro,
  children,
  errors,
  busy,
  submitLabel,
  onSubmit,
  onClose,
  m,
  tone = "primary",
  closeLabel,
}: {
  title: string;
  intro?: React.ReactNode;
  children?: React.ReactNode;
  errors: FormErrors;
  busy: boolean;
  submitLabel: string;
  onSubmit: () => void;
  onClose: () => void;
  m: VersionMessages;
  tone?: "primary" | "danger";
  closeLabel?: string;
}) {
  const titleId = useContext(TitleId);
  const formRef = useRef<HTMLFormElement>(null);
  const formError = errors[""];
  return (
    <form
      ref={formRef}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!busy) onSubmit();
      }}
    >
      <h2 id={titleId} className="card-title lc-dialog-title">
        {title}
      </h2>
      {intro && <div className="lc-dialog-intro">{intro}</div>}
      {formError && (
        <p className="lc-form-error" role="alert">
          {formError}
        </p>
      )}
      {children}
      <div className="lc-dialog-actions">
        <button type="button" className="btn btn-ghost" onClick={onClose}>
          {closeLabel ?? m.dialog.close}
        </button>
        <button type="submit" className={`btn ${tone === "danger" ? "btn-danger" : "btn-primary"}`} disabled={busy} aria-disabled={busy}>
          {busy ? m.dialog.working : submitLabel}
        </button>
      </div>
    </form>
  );
}

/** Moves focus to the first field marked invalid in the open dialog (after a refused submit). */
export function focusFirstInvalid(): void {
  requestAnimationFrame(() => {
    const el = document.querySelector<HTMLElement>("dialog[open] [aria-invalid='true']");
    el?.focus();
  });
}

function describedBy(...ids: (string | false | undefined)[]): string | undefined {
  const s = ids.filter(Boolean).join(" ");
  return s || undefined;
}

export function TextAreaField({
  label,
  hint,
  value,
  onChange,
  error,
  required,
  m,
  autoFocus,
  rows = 3,
}: {
  label: string;
  hint?: string;
  value: string;
  onChange: (v: string) => void;
  error?: string;
  required?: boolean;
  m: VersionMessages;
  autoFocus?: boolean;
  rows?: number;
}) {
  const id = useId();
  return (
    <div className="lc-field">
      <label htmlFor={id}>
        {label} <span className="lc-need">({required ? m.dialog.required : m.dialog.optional})</span>
      </label>
      <textarea
        id={id}
        rows={rows}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        required={required}
        aria-required={required}
        aria-invalid={!!error}
        aria-describedby={describedBy(hint && `${id}-hint`, error && `${id}-err`)}
        autoFocus={autoFocus}
        maxLength={2000}
        aria-keyshortcuts="Control+Enter Meta+Enter"
        onKeyDown={(e) => {
          // Ctrl/Cmd+Enter sends the form from the comment (Enter alone is a new line).
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            e.currentTarget.form?.requestSubmit();
          }
        }}
      />
      <FieldNotes id={id} hint={hint} error={error} />
    </div>
  );
}

/** A field's hint and error, with the ids its aria-describedby names. */
function FieldNotes({ id, hint, error }: { id: string; hint?: string; error?: string }) {
  return (
    <>
      {hint && (
        <p id={`${id}-hint`} className="lc-hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-err`} className="field-error">
          {error}
        </p>
      )}
    </>
  );
}

export function DateTimeField({ label, hint, value, onChange, error, required, min, m }: { label: string; hint?: string; value: string; onChange: (v: string) => void; error?: string; required?: boolean; min?: string; m: VersionMessages }) {
  const id = useId();
  return (
    <div className="lc-field">
      <label htmlFor={id}>
        {label} <span className="lc-need">({required ? m.dialog.required : m.dialog.optional})</span>
      </label>
      <input
        id={id}
        type="datetime-local"
        step={1}
        min={min}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        required={required}
        aria-required={required}
        aria-invalid={!!error}
        aria-describedby={describedBy(hint && `${id}-hint`, error && `${id}-err`)}
      />
      <FieldNotes id={id} hint={hint} error={error} />
    </div>
  );
}

/** The form's comment rule, the same as the server's (ChangeComment: at least 3 characters once trimmed). */
export function commentError(value: string, m: VersionMessages): string | undefined {
  return value.trim().length < 3 ? m.dialog.commentTooShort : undefined;
}

/**
 * A refusal from the server as form errors: issues whose path is one of `fields` go to that field
 * (the server's own words); a known refusal code (approval needed, own change, …) becomes the
 * form-level message in the reader's language, followed by the server's message.
 */
export function serverErrors(e: unknown, fields: readonly string[], m: VersionMessages): FormErrors {
  const data = e instanceof TRPCClientError ? (e.data as { issues?: FieldIssue[] } | undefined) : undefined;
  const issues = data?.issues ?? [];
  const message = e instanceof Error ? e.message : String(e);
  const out: FormErrors = {};
  for (const i of issues) if (fields.includes(i.path) && !out[i.path]) out[i.path] = i.message;
  const code = issues.map((i) => i.code).find((c): c is keyof VersionMessages["errors"] => !!c && c !== "failed" && c in m.errors);
  if (code) out[""] = `${m.errors[code]} ${message}`;
  else if (Object.keys(out).length === 0) out[""] = fmt(m.errors.failed, { message });
  return out;
}
