"use client";
// The tone guidelines editor: the form over the TonePlaybook document on the left, the live reply
// checker (running on the unsaved document) on the right. Saving makes a new validated version
// (playbooks.saveDocument); operators publish it from the playbook's page.
import { TRPCClientError } from "@trpc/client";
import Link from "next/link";
import { useEffect, useMemo, useRef, useState } from "react";
import { fmt } from "@/app/_i18n";
import { useI18n } from "@/app/_i18n/client";
import { useTRPCClient } from "@/app/_trpc/client";
import { TonePlaybook, type PlaybookDocumentView } from "@/schemas";
import { CheckerPanel } from "./checker-panel";
import { GuidelinesForm } from "./guidelines-form";
import { documentIssues, fieldErrors, forSave, type Issue } from "./logic";
import { toneMessages } from "./messages";
import "../_editor/settings/settings.css";
import "./tone.css";

// The paths the form has a field for; any other issue is listed by the save button.
const SHOWN = /^(name|description|locale|personality\.\w+|(whoWeAre|whoWeAreNot|do|dont)\.\d+|defaults\.\w+|(channels|bannedPhrases)\.\d+\.\w+)$/;

type Status = { kind: "idle" } | { kind: "saved"; version: number; created: boolean } | { kind: "error"; text: string } | { kind: "conflict" };

export function ToneEditor({ playbookId, initial }: { playbookId: string; initial: PlaybookDocumentView }) {
  const { locale } = useI18n();
  const m = toneMessages[locale];
  const client = useTRPCClient();
  const [doc, setDoc] = useState<TonePlaybook>(() => TonePlaybook.parse(initial.document));
  const [saved, setSaved] = useState(() => JSON.stringify(doc));
  const [baseVersion, setBaseVersion] = useState(initial.baseVersion);
  const [comment, setComment] = useState("");
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<Status>({ kind: "idle" });
  const [validate, setValidate] = useState(false);
  const [serverIssues, setServerIssues] = useState<Issue[]>([]);
  const dirty = JSON.stringify(doc) !== saved;

  const issues = useMemo(() => {
    if (!validate) return serverIssues;
    // A blank list line is dropped on save, not an error.
    const own = documentIssues(doc).filter((i) => !/^(whoWeAre|whoWeAreNot|do|dont)\.\d+$/.test(i.path));
    return [...own, ...serverIssues.filter((s) => !own.some((o) => o.path === s.path))];
  }, [validate, doc, serverIssues]);
  const errors = useMemo(() => fieldErrors(issues, m), [issues, m]);
  const unplaced = issues.filter((i) => !SHOWN.test(i.path));

  const set = (f: (d: TonePlaybook) => TonePlaybook) => {
    setDoc(f);
    setServerIssues([]);
    if (status.kind === "saved") setStatus({ kind: "idle" });
  };

  useLeaveWarning(dirty, m.save.leave);

  async function save() {
    const cleaned = forSave(doc);
    setDoc(cleaned);
    setValidate(true);
    setServerIssues([]);
    const own = documentIssues(cleaned);
    if (own.length > 0) {
      setStatus({ kind: "error", text: fmt(m.save.fixErrors, { n: own.length }) });
      focusFirstInvalid();
      return;
    }
    setBusy(true);
    try {
      const r = await client.playbooks.saveDocument.mutate({ id: playbookId, baseVersion, document: cleaned, ...(comment.trim() ? { comment: comment.trim() } : {}) });
      setBaseVersion(r.version);
      setSaved(JSON.stringify(cleaned));
      setComment("");
      setStatus({ kind: "saved", version: r.version, created: r.created });
    } catch (e) {
      const data = e instanceof TRPCClientError ? (e.data as { code?: string; issues?: Issue[] } | null | undefined) : undefined;
      if (data?.code === "CONFLICT") setStatus({ kind: "conflict" });
      else if (data?.code === "FORBIDDEN") setStatus({ kind: "error", text: m.save.forbidden });
      else if (data?.issues?.length) {
        setServerIssues(data.issues);
        setStatus({ kind: "error", text: fmt(m.save.fixErrors, { n: data.issues.length }) });
        focusFirstInvalid();
      } else setStatus({ kind: "error", text: fmt(m.save.failed, { message: e instanceof Error ? e.message : String(e) }) });
    } finally {
      setBusy(false);
    }
  }

  const href = `/playbooks/${encodeURIComponent(playbookId)}`;
  return (
    <div className="tone-editor" data-testid="tone-editor">
      {/* the page's h1 (the edit page's) names the playbook */}
      <p className="page-intro">{m.intro}</p>
      <div className="tone-layout">
        <div className="tone-main">
          <GuidelinesForm doc={doc} set={set} errors={errors} m={m} locale={locale} />
          <form
            className="card card-pad tone-save"
            aria-label={m.save.button}
            onSubmit={(e) => {
              e.preventDefault();
              void save();
            }}
          >
            <div className="insp-field">
              <label htmlFor="tone-save-comment" className="insp-label">
                {m.save.comment}
              </label>
              <input id="tone-save-comment" className="insp-input" type="text" maxLength={2000} value={comment} aria-describedby="tone-save-hint" onChange={(e) => setComment(e.currentTarget.value)} />
              <p className="insp-hint" id="tone-save-hint">
                {m.save.commentHint}
              </p>
            </div>
            <div className="button-row">
              <button type="submit" className="btn btn-primary" disabled={busy || status.kind === "conflict"}>
                {busy ? m.save.saving : m.save.button}
              </button>
              <span className="sub" data-testid="tone-dirty" data-dirty={dirty}>
                {dirty ? m.save.unsaved : m.save.upToDate}
              </span>
            </div>
            <div role="status" data-testid="tone-save-status">
              {status.kind === "saved" && (
                <p className="tone-saved">
                  {fmt(status.created ? m.save.saved : m.save.unchanged, { n: status.version })} <Link href={href}>{m.save.publishLink}</Link>
                </p>
              )}
            </div>
            {status.kind === "error" && (
              <div className="form-error" role="alert">
                <p>{status.text}</p>
                {unplaced.length > 0 && (
                  <>
                    <p>{m.save.otherIssues}</p>
                    <ul>
                      {unplaced.map((i) => (
                        <li key={`${i.path}:${i.message}`}>
                          <code>{i.path}</code>: {i.message}
                        </li>
                      ))}
                    </ul>
                  </>
                )}
              </div>
            )}
            {status.kind === "conflict" && (
              <div className="form-error" role="alert">
                <p>{m.save.conflict}</p>
                <button type="button" className="btn" onClick={() => window.location.reload()}>
                  {m.save.reload}
                </button>
              </div>
            )}
          </form>
        </div>
        <aside className="tone-aside">
          <CheckerPanel doc={doc} m={m} />
        </aside>
      </div>
    </div>
  );
}

function focusFirstInvalid() {
  requestAnimationFrame(() => document.querySelector<HTMLElement>('.tone-form [aria-invalid="true"]')?.focus());
}

/** Asks before a reload, a tab close or an in-app link drops unsaved guidelines. */
function useLeaveWarning(dirty: boolean, text: string) {
  const ref = useRef(dirty);
  useEffect(() => {
    ref.current = dirty;
  }, [dirty]);
  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (!ref.current) return;
      e.preventDefault();
      e.returnValue = text;
    };
    // Client-side navigation does not fire beforeunload: ask on the link's click instead.
    const onClick = (e: MouseEvent) => {
      const a = (e.target as HTMLElement | null)?.closest?.("a[href]");
      if (!a || !ref.current || e.defaultPrevented || a.getAttribute("target") === "_blank") return;
      if (!window.confirm(text)) {
        e.preventDefault();
        e.stopPropagation();
      }
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    document.addEventListener("click", onClick, true);
    return () => {
      window.removeEventListener("beforeunload", onBeforeUnload);
      document.removeEventListener("click", onClick, true);
    };
  }, [text]);
}
