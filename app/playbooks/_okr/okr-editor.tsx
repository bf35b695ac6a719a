"use client";
// The OKR set's form editor: objectives with their key results, the seeds' advice (lintOkr) live on
// the unsaved document next to what it concerns, and "Save version" turns the form into a new
// validated version (publishing stays on the playbook page, with the operators).
import { useMutation } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import Link from "next/link";
import { useId, useMemo, useState, type ReactNode } from "react";
import { fmt } from "@/app/_i18n";
import { useI18n } from "@/app/_i18n/client";
import { useTRPC } from "@/app/_trpc/client";
import { lintOkr } from "@/engine/okr";
import { Channel } from "@/schemas/case";
import { OkrPlaybook } from "@/schemas/playbook";
import { METRIC_UNITS, OKR_METRICS, type OkrLintIssue, type OkrMetric } from "@/schemas/okr";
import type { ImportResult, PlaybookDocumentView } from "@/schemas/resources";
import { Field } from "../_editor/settings/fields";
import { parseNumber } from "../_editor/settings/logic";
import { normalizePath } from "./format";
import { moved, nextId, toDocument, toForm, type KeyResultForm, type ObjectiveForm } from "./form";
import { okrText, type OkrMessages } from "./messages";
import "../_editor/settings/settings.css";
import "./okr.css";

type Locale = "es" | "en";
type Errors = Record<string, string>;
const KR_FIELDS = ["title", "metric", "channel", "baseline", "target", "startDate", "targetDate"] as const;
const OBJECTIVE_FIELDS = ["title", "description"] as const;

export function OkrEditor({ playbookId, initial }: { playbookId: string; initial: PlaybookDocumentView }) {
  const { locale } = useI18n();
  const m = okrText(locale);
  const trpc = useTRPC();
  const uid = useId();
  // The lead's edit page renders this only for kind "okr"; anything else is a programming error.
  const [base] = useState(() => OkrPlaybook.parse(initial.document));
  const [objectives, setObjectives] = useState<ObjectiveForm[]>(() => toForm(base));
  const [baseVersion, setBaseVersion] = useState(initial.baseVersion);
  const [comment, setComment] = useState("");
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState("");
  const [saved, setSaved] = useState<ImportResult | null>(null);
  const [dirty, setDirty] = useState(false);

  const doc = useMemo(() => toDocument(base, objectives), [base, objectives]);
  const lint = useMemo(() => lintOkr(doc), [doc]);
  const lintAt = useMemo(() => {
    const by = new Map<string, OkrLintIssue[]>();
    for (const i of lint) {
      const p = normalizePath(i.path);
      by.set(p, [...(by.get(p) ?? []), i]);
    }
    return by;
  }, [lint]);

  const save = useMutation(
    trpc.playbooks.saveDocument.mutationOptions({
      onSuccess: (r) => {
        setSaved(r);
        setBaseVersion(r.version);
        setDirty(false);
        setComment("");
      },
      onError: (e) => {
        const data = e instanceof TRPCClientError ? (e.data as { code?: string; issues?: { path: string; message: string }[] } | undefined) : undefined;
        if (data?.code === "CONFLICT") return setFormError(m.editor.conflict);
        if (data?.code === "FORBIDDEN") return setFormError(m.editor.forbidden);
        const fieldErrors: Errors = {};
        for (const i of data?.issues ?? []) fieldErrors[normalizePath(i.path)] ??= i.message;
        setErrors(fieldErrors);
        setFormError(Object.keys(fieldErrors).length ? fmt(m.editor.invalid, { n: Object.keys(fieldErrors).length }) : fmt(m.editor.failed, { message: e.message }));
      },
    }),
  );

  const change = (next: ObjectiveForm[], path?: string) => {
    setObjectives(next);
    setDirty(true);
    setSaved(null);
    if (path && errors[path]) {
      const rest = { ...errors };
      delete rest[path];
      setErrors(rest);
    }
  };
  const setObjective = (i: number, patch: Partial<ObjectiveForm>, field?: string) =>
    change(
      objectives.map((o, n) => (n === i ? { ...o, ...patch } : o)),
      field && `objectives.${i}.${field}`,
    );
  const setKeyResult = (i: number, j: number, patch: Partial<KeyResultForm>, field: string) =>
    setObjective(i, { keyResults: objectives[i]?.keyResults.map((k, n) => (n === j ? { ...k, ...patch } : k)) ?? [] }, `keyResults.${j}.${field}`);

  function submit() {
    // Numbers first, in words the person can act on; then the schema, as the server would say it.
    const local: Errors = {};
    objectives.forEach((o, i) =>
      o.keyResults.forEach((k, j) => {
        const at = `objectives.${i}.keyResults.${j}`;
        if (parseNumber(k.target) === null) local[`${at}.target`] = m.editor.numberRequired;
        if (k.baseline.trim() && parseNumber(k.baseline) === null) local[`${at}.baseline`] = m.editor.numberRequired;
      }),
    );
    const parsed = OkrPlaybook.safeParse(doc);
    if (!parsed.success) for (const i of parsed.error.issues) local[normalizePath(i.path.map(String).join("."))] ??= i.message;
    setErrors(local);
    if (Object.keys(local).length) {
      setFormError(fmt(m.editor.invalid, { n: Object.keys(local).length }));
      return;
    }
    setFormError("");
    save.mutate({ id: playbookId, baseVersion, document: parsed.data, ...(comment.trim() ? { comment: comment.trim() } : {}) });
  }

  const href = `/playbooks/${encodeURIComponent(playbookId)}`;
  return (
    <div className="okr-editor">
      {/* The edit page holds the (visually hidden) h1. */}
      <header className="page-header">
        <div>
          <h2 className="okr-editor-title">{fmt(m.editor.title, { name: base.name })}</h2>
          <p className="page-intro">{m.editor.intro}</p>
        </div>
      </header>
      <div className="grid-2-1">
        <form
          className="stack"
          noValidate
          aria-label={fmt(m.editor.title, { name: base.name })}
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          {objectives.length === 0 && <p className="card card-pad muted">{m.editor.noObjectives}</p>}
          {objectives.map((o, i) => (
            <ObjectiveCard
              key={o.id}
              objective={o}
              index={i}
              count={objectives.length}
              m={m}
              locale={locale}
              errors={errors}
              lintAt={lintAt}
              onChange={(patch, field) => setObjective(i, patch, field)}
              onKeyResult={(j, patch, field) => setKeyResult(i, j, patch, field)}
              onMove={(by) => change(moved(objectives, i, by))}
              onRemove={() => change(objectives.filter((_, n) => n !== i))}
              onAddKeyResult={() => setObjective(i, { keyResults: [...o.keyResults, emptyKeyResult(nextId("kr", objectives))] })}
            />
          ))}
          <div className="button-row">
            <button type="button" className="btn" onClick={() => change([...objectives, { id: nextId("o", objectives), title: "", description: "", keyResults: [emptyKeyResult(nextId("kr", objectives))] }])}>
              + {m.editor.addObjective}
            </button>
          </div>

          <section className="card card-pad stack" aria-labelledby={`${uid}-save`}>
            <h2 id={`${uid}-save`} className="card-title">
              {m.editor.save}
            </h2>
            <Field label={m.editor.comment} hint={m.editor.commentHint} locale={locale}>
              {(a) => <textarea {...a} className="insp-input" rows={2} maxLength={2000} value={comment} onChange={(e) => setComment(e.currentTarget.value)} />}
            </Field>
            {formError && (
              <p className="form-error" role="alert">
                {formError}
              </p>
            )}
            <div className="button-row">
              <button type="submit" className="btn btn-primary" disabled={save.isPending}>
                {save.isPending ? m.editor.saving : m.editor.save}
              </button>
              {dirty && <span className="muted small">{m.editor.unsaved}</span>}
            </div>
            <div role="status">
              {saved && (
                <div className="okr-saved">
                  <p>{fmt(saved.created ? m.editor.saved : m.editor.unchanged, { version: saved.version })}</p>
                  <p className="button-row">
                    <Link href={href} className="btn">
                      {m.editor.openPlaybook}
                    </Link>
                    <Link href={`/okr/${encodeURIComponent(playbookId)}`} className="btn">
                      {m.editor.openDashboard}
                    </Link>
                  </p>
                </div>
              )}
            </div>
          </section>
        </form>
        <aside className="side-panels">
          <LintSummary lint={lint} objectives={objectives} m={m} />
        </aside>
      </div>
    </div>
  );
}

function emptyKeyResult(id: string): KeyResultForm {
  return { id, title: "", metric: "first_response_sla_met_pct", channel: "", baseline: "", target: "", startDate: "", targetDate: "" };
}

/** The advice on one path, in the set's language, below the field's hint. */
function Advice({ issues }: { issues: readonly OkrLintIssue[] | undefined }) {
  if (!issues?.length) return null;
  return (
    <>
      {issues.map((i, n) => (
        <span key={n} className={`okr-advice is-${i.severity}`}>
          {i.message}
        </span>
      ))}
    </>
  );
}

/** The hint, then the advice on that field (so a screen reader hears both as the field's description). */
function hintWith(hint: string | undefined, issues: readonly OkrLintIssue[] | undefined): ReactNode {
  if (!hint && !issues?.length) return undefined;
  return (
    <>
      {hint && <span className="okr-hint">{hint}</span>}
      <Advice issues={issues} />
    </>
  );
}

/** Advice on a card but on none of its fields (e.g. "about three key results"). */
function CardAdvice({ lintAt, prefix, fields }: { lintAt: Map<string, OkrLintIssue[]>; prefix: string; fields: readonly string[] }) {
  const shown = new Set(fields.map((f) => `${prefix}.${f}`));
  const own = [...lintAt.entries()].filter(([p]) => (p === prefix || p.startsWith(`${prefix}.`)) && !shown.has(p) && !/\.keyResults\.\d+/.test(p.slice(prefix.length))).flatMap(([, v]) => v);
  if (own.length === 0) return null;
  return (
    <ul className="okr-card-advice">
      {own.map((i, n) => (
        <li key={n} className={`okr-advice is-${i.severity}`}>
          {i.message}
        </li>
      ))}
    </ul>
  );
}

function MoveButtons({ index, count, title, m, onMove, onRemove, removeLabel }: { index: number; count: number; title: string; m: OkrMessages; onMove: (by: -1 | 1) => void; onRemove: () => void; removeLabel: string }) {
  return (
    <div className="okr-card-actions">
      <button type="button" className="btn btn-ghost" disabled={index === 0} aria-label={fmt(m.editor.moveUp, { title })} onClick={() => onMove(-1)}>
        ↑ {m.editor.up}
      </button>
      <button type="button" className="btn btn-ghost" disabled={index === count - 1} aria-label={fmt(m.editor.moveDown, { title })} onClick={() => onMove(1)}>
        ↓ {m.editor.down}
      </button>
      <button type="button" className="btn btn-ghost" aria-label={fmt(removeLabel, { title })} onClick={onRemove}>
        {m.editor.remove}
      </button>
    </div>
  );
}

function ObjectiveCard({
  objective: o,
  index: i,
  count,
  m,
  locale,
  errors,
  lintAt,
  onChange,
  onKeyResult,
  onMove,
  onRemove,
  onAddKeyResult,
}: {
  objective: ObjectiveForm;
  index: number;
  count: number;
  m: OkrMessages;
  locale: Locale;
  errors: Errors;
  lintAt: Map<string, OkrLintIssue[]>;
  onChange: (patch: Partial<ObjectiveForm>, field?: string) => void;
  onKeyResult: (j: number, patch: Partial<KeyResultForm>, field: string) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
  onAddKeyResult: () => void;
}) {
  const at = `objectives.${i}`;
  const heading = fmt(m.editor.objective, { n: i + 1 });
  const title = o.title.trim() || m.editor.untitled;
  const err = (f: string) => (errors[`${at}.${f}`] ? [errors[`${at}.${f}`] as string] : []);
  return (
    <section className="card okr-objective" id={`okr-${o.id}`} aria-label={`${heading}: ${title}`}>
      <header className="card-header">
        <h2 className="card-title">{heading}</h2>
        <MoveButtons index={i} count={count} title={title} m={m} onMove={onMove} onRemove={onRemove} removeLabel={m.editor.removeObjective} />
      </header>
      <div className="card-pad stack">
        <CardAdvice lintAt={lintAt} prefix={at} fields={OBJECTIVE_FIELDS} />
        <Field label={m.editor.objectiveTitle} hint={hintWith(m.editor.objectiveHint, lintAt.get(`${at}.title`))} errors={err("title")} locale={locale}>
          {(a) => <input {...a} className="insp-input" type="text" maxLength={300} value={o.title} onChange={(e) => onChange({ title: e.currentTarget.value }, "title")} />}
        </Field>
        <Field label={m.editor.description} hint={hintWith(undefined, lintAt.get(`${at}.description`))} errors={err("description")} locale={locale}>
          {(a) => <textarea {...a} className="insp-input" rows={2} maxLength={2000} value={o.description} onChange={(e) => onChange({ description: e.currentTarget.value }, "description")} />}
        </Field>
        {o.keyResults.length === 0 && <p className="muted small">{m.editor.noKeyResults}</p>}
        <ol className="okr-krs">
          {o.keyResults.map((k, j) => (
            <KeyResultCard
              key={k.id}
              kr={k}
              at={`${at}.keyResults.${j}`}
              index={j}
              count={o.keyResults.length}
              m={m}
              locale={locale}
              errors={errors}
              lintAt={lintAt}
              onChange={(patch, field) => onKeyResult(j, patch, field)}
              onMove={(by) => onChange({ keyResults: moved(o.keyResults, j, by) })}
              onRemove={() => onChange({ keyResults: o.keyResults.filter((_, n) => n !== j) })}
            />
          ))}
        </ol>
        <div className="button-row">
          <button type="button" className="btn" onClick={onAddKeyResult} aria-label={`${m.editor.addKeyResult} (${heading})`}>
            + {m.editor.addKeyResult}
          </button>
        </div>
      </div>
    </section>
  );
}

function KeyResultCard({
  kr: k,
  at,
  index: j,
  count,
  m,
  locale,
  errors,
  lintAt,
  onChange,
  onMove,
  onRemove,
}: {
  kr: KeyResultForm;
  at: string;
  index: number;
  count: number;
  m: OkrMessages;
  locale: Locale;
  errors: Errors;
  lintAt: Map<string, OkrLintIssue[]>;
  onChange: (patch: Partial<KeyResultForm>, field: string) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}) {
  const heading = fmt(m.editor.keyResult, { n: j + 1 });
  const title = k.title.trim() || m.editor.untitled;
  const err = (f: string) => (errors[`${at}.${f}`] ? [errors[`${at}.${f}`] as string] : []);
  const hint = (f: string, text?: string) => hintWith(text, lintAt.get(`${at}.${f}`));
  const unit = m.unitNames[METRIC_UNITS[k.metric]];
  return (
    <li className="okr-kr" id={`okr-${k.id}`} aria-label={`${heading}: ${title}`}>
      <div className="okr-kr-head">
        <h3 className="mini-title">{heading}</h3>
        <MoveButtons index={j} count={count} title={title} m={m} onMove={onMove} onRemove={onRemove} removeLabel={m.editor.removeKeyResult} />
      </div>
      <CardAdvice lintAt={lintAt} prefix={at} fields={KR_FIELDS} />
      <Field label={m.editor.krTitle} hint={hint("title", m.editor.krHint)} errors={err("title")} locale={locale}>
        {(a) => <input {...a} className="insp-input" type="text" maxLength={300} value={k.title} onChange={(e) => onChange({ title: e.currentTarget.value }, "title")} />}
      </Field>
      <div className="okr-kr-grid">
        <Field label={m.editor.metric} hint={hint("metric")} errors={err("metric")} locale={locale} className="okr-wide">
          {(a) => (
            <select {...a} className="insp-input" value={k.metric} onChange={(e) => onChange({ metric: e.currentTarget.value as OkrMetric }, "metric")}>
              {OKR_METRICS.map((metric) => (
                <option key={metric} value={metric}>
                  {m.metrics[metric]} ({m.unitNames[METRIC_UNITS[metric]]})
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={m.editor.channel} hint={hint("channel")} errors={err("channel")} locale={locale}>
          {(a) => (
            <select {...a} className="insp-input" value={k.channel} onChange={(e) => onChange({ channel: e.currentTarget.value as Channel | "" }, "channel")}>
              <option value="">{m.allChannels}</option>
              {Channel.options.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={`${m.editor.baseline} · ${unit}`} hint={hint("baseline", m.editor.baselineHint)} errors={err("baseline")} locale={locale}>
          {(a) => <input {...a} className="insp-input" type="text" inputMode="decimal" value={k.baseline} onChange={(e) => onChange({ baseline: e.currentTarget.value }, "baseline")} />}
        </Field>
        <Field label={`${m.editor.target} · ${unit}`} hint={hint("target")} errors={err("target")} locale={locale}>
          {(a) => <input {...a} className="insp-input" type="text" inputMode="decimal" value={k.target} onChange={(e) => onChange({ target: e.currentTarget.value }, "target")} />}
        </Field>
        <Field label={m.editor.startDate} hint={hint("startDate")} errors={err("startDate")} locale={locale}>
          {(a) => <input {...a} className="insp-input" type="date" value={k.startDate} onChange={(e) => onChange({ startDate: e.currentTarget.value }, "startDate")} />}
        </Field>
        <Field label={m.editor.targetDate} hint={hint("targetDate")} errors={err("targetDate")} locale={locale}>
          {(a) => <input {...a} className="insp-input" type="date" value={k.targetDate} onChange={(e) => onChange({ targetDate: e.currentTarget.value }, "targetDate")} />}
        </Field>
      </div>
    </li>
  );
}

/** Every piece of advice, each naming the objective / key result it concerns and linking to it. */
function LintSummary({ lint, objectives, m }: { lint: readonly OkrLintIssue[]; objectives: readonly ObjectiveForm[]; m: OkrMessages }) {
  const uid = useId();
  const where = (path: string): { label: string; anchor?: string } => {
    const [, oi, kj] = /^objectives\.(\d+)(?:\.keyResults\.(\d+))?/.exec(normalizePath(path)) ?? [];
    const o = oi === undefined ? undefined : objectives[Number(oi)];
    if (!o) return { label: "" };
    const k = kj === undefined ? undefined : o.keyResults[Number(kj)];
    const label = [fmt(m.editor.objective, { n: Number(oi) + 1 }), k && fmt(m.editor.keyResult, { n: Number(kj) + 1 })].filter(Boolean).join(" · ");
    return { label, anchor: `okr-${(k ?? o).id}` };
  };
  return (
    <section className="card card-pad okr-lint" aria-labelledby={`${uid}-title`} data-testid="okr-lint">
      <h2 id={`${uid}-title`} className="card-title">
        {m.editor.lintTitle}
      </h2>
      <p className="muted small" role="status">
        {lint.length === 0 ? m.editor.lintClean : lint.length === 1 ? m.editor.lintCountOne : fmt(m.editor.lintCount, { n: lint.length })}
      </p>
      {lint.length > 0 && (
        <ul className="plain-list okr-lint-list">
          {lint.map((i, n) => {
            const w = where(i.path);
            return (
              <li key={n} className={`okr-advice is-${i.severity}`}>
                {w.label && <strong>{w.label}: </strong>}
                {i.message}{" "}
                {w.anchor && (
                  <a href={`#${w.anchor}`} className="small">
                    {m.editor.lintGoTo}
                  </a>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
