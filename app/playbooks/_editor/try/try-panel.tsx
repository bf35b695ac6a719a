"use client";
// "Try it": run the editor's document (saved or not) on a sample case — from a form, pasted JSON
// or one of the last real cases — show the outcome and draw the case's path on the canvas.
import { useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useState, type FormEvent } from "react";
import { PriorityBadge } from "@/app/_components/badges";
import { SentenceText } from "@/app/_components/sentence";
import { fmt, formatDateTime, messages } from "@/app/_i18n";
import { useTRPC } from "@/app/_trpc/client";
import { explainDecision } from "@/engine/explain";
import { Channel, CustomerTier, type CaseInput, type Decision, type FlowDocument, type FlowIssue, type FlowOverlay, type TryDraftResult } from "@/schemas";
import { Field } from "../settings/fields";
import { issueText } from "../settings/issue-text";
import { caseFromForm, caseFromJson, EMPTY_FORM, formFromCase, type AttributeType, type Built, type CaseForm, type FieldError } from "./case-form";
import { tm, type TryMessages } from "./messages";
import "../settings/settings.css";
import "./try.css";
import { KeyValueList } from "@/app/_components/kv-list";

type Locale = "es" | "en";
type Source = "form" | "json" | "recent";

export interface TryPanelProps {
  playbookId: string;
  doc: FlowDocument;
  onOverlay: (o: FlowOverlay | null) => void;
  locale: Locale;
}

/** What went wrong, in words: the case's field errors, the draft's blocking issues, or a message. */
interface Failure {
  fields: FieldError[];
  flowIssues: FlowIssue[];
  message?: string;
}

/** The server's error data (app/_server/trpc/init.ts errorFormatter): field issues and, for a draft, the validator's issues. */
function failureOf(e: unknown, t: TryMessages): Failure {
  const err = e as { message?: string; data?: { code?: string; issues?: { path: string; message: string; code?: string }[]; flowIssues?: FlowIssue[] } | null };
  const data = err?.data ?? undefined;
  if (data?.flowIssues?.length) return { fields: [], flowIssues: data.flowIssues.filter((i) => i.severity === "error") };
  // Issues on the case come back as case.<field>; the rest name the document.
  const caseIssues = (data?.issues ?? []).filter((i) => i.path.startsWith("case.")).map((i) => ({ ...i, path: i.path.slice(5) }));
  if (caseIssues.length) return { fields: caseIssues, flowIssues: [] };
  if (data?.code === "FORBIDDEN") return { fields: [], flowIssues: [], message: t.errors.forbidden };
  if (!data && /fetch|network/i.test(err?.message ?? "")) return { fields: [], flowIssues: [], message: t.errors.network };
  return { fields: [], flowIssues: [], message: fmt(t.errors.generic, { message: err?.message ?? String(e) }) };
}

/** One field error in words. */
export function fieldErrorText(e: FieldError, t: TryMessages): string {
  if (e.code === "json") return fmt(t.json.syntax, { message: e.message });
  if (e.code === "attribute_key") return t.errors.attributeKey;
  if (e.code === "attribute_repeated") return t.errors.attributeRepeated;
  if (e.code === "attribute_number" || e.code === "number") return t.errors.number;
  if (e.path === "text") return t.errors.text;
  if (e.path === "channel") return t.errors.channel;
  if (e.path === "customer.country") return t.errors.country;
  if (e.code === "invalid_type" && /undefined/.test(e.message)) return `${t.errors.required} (${fmt(t.errors.at, { path: e.path })})`;
  return e.path ? `${e.message} (${fmt(t.errors.at, { path: e.path })})` : e.message;
}

export function TryPanel({ playbookId, doc, onOverlay, locale }: TryPanelProps) {
  const t = tm(locale);
  const trpc = useTRPC();
  const [source, setSource] = useState<Source>("form");
  const [form, setForm] = useState<CaseForm>(EMPTY_FORM);
  const [json, setJson] = useState("");
  const [recentId, setRecentId] = useState<string | null>(null);
  const [local, setLocal] = useState<FieldError[]>([]);
  const [result, setResult] = useState<TryDraftResult | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);

  const recent = useQuery({ ...trpc.playbooks.recentCases.queryOptions({ limit: 10 }), enabled: source === "recent" });
  const run = useMutation(
    trpc.playbooks.tryDraft.mutationOptions({
      onSuccess: (r) => {
        setResult(r);
        setFailure(null);
        onOverlay(r.overlay);
      },
      onError: (e) => {
        setResult(null);
        setFailure(failureOf(e, t));
        onOverlay(null);
      },
    }),
  );

  function sample(): Built {
    if (source === "form") return caseFromForm(form);
    if (source === "json") return caseFromJson(json);
    const picked = recent.data?.find((c) => c.id === recentId) ?? recent.data?.[0];
    return picked ? { ok: true, value: picked.input } : { ok: false, errors: [{ path: "", message: t.recent.empty }] };
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    const built = sample();
    if (!built.ok) {
      // A case that cannot be sent: the previous result no longer describes what is on screen.
      setLocal(built.errors);
      setFailure(null);
      setResult(null);
      onOverlay(null);
      return;
    }
    setLocal([]);
    run.mutate({ document: doc, case: built.value });
  }

  function clear() {
    setResult(null);
    setFailure(null);
    setLocal([]);
    run.reset();
    onOverlay(null);
  }

  const errorsAt = (path: string) => [...local, ...(failure?.fields ?? [])].filter((e) => e.path === path).map((e) => fieldErrorText(e, t));
  const shownPaths = new Set<string>(source === "form" ? formPaths(form) : []);
  const otherErrors = [...local, ...(failure?.fields ?? [])].filter((e) => !shownPaths.has(e.path));

  return (
    <section className="try-panel" data-testid="try-panel" aria-labelledby="try-title" data-playbook={playbookId}>
      <h2 id="try-title" className="try-title">
        {t.title}
      </h2>
      <p className="insp-hint">{t.intro}</p>
      <form onSubmit={submit} className="try-form" noValidate>
        <fieldset className="try-sources">
          <legend className="insp-label">{t.source}</legend>
          {(["form", "json", "recent"] as const).map((s) => (
            <label key={s} className={`try-source${source === s ? " is-active" : ""}`}>
              <input type="radio" name="try-source" value={s} checked={source === s} onChange={() => (setSource(s), setLocal([]))} />
              <span>{t.sources[s]}</span>
            </label>
          ))}
        </fieldset>

        {source === "form" && <CaseFormFields form={form} setForm={setForm} t={t} locale={locale} errorsAt={errorsAt} />}

        {source === "json" && (
          <>
            <Field label={t.json.label} hint={t.json.hint} locale={locale}>
              {(a) => <textarea {...a} className="insp-input is-mono try-json" rows={10} spellCheck={false} value={json} onChange={(e) => setJson(e.currentTarget.value)} />}
            </Field>
            <button
              type="button"
              className="insp-text-btn"
              onClick={() => {
                const built = caseFromForm(form);
                if (built.ok) setJson(JSON.stringify(built.value, null, 2));
                else setLocal(built.errors);
              }}
            >
              {t.json.fromForm}
            </button>
          </>
        )}

        {source === "recent" && (
          <RecentCases
            t={t}
            locale={locale}
            query={recent}
            selected={recentId}
            onSelect={setRecentId}
            onEdit={(input) => {
              setForm(formFromCase(input));
              setSource("form");
            }}
          />
        )}

        {otherErrors.length > 0 && (
          <div className="try-errors" role="alert">
            <p className="try-error-title">{t.errors.fields}</p>
            <ul>
              {otherErrors.map((e, i) => (
                <li key={i}>{fieldErrorText(e, t)}</li>
              ))}
            </ul>
          </div>
        )}

        <div className="try-actions">
          <button type="submit" className="btn btn-primary" data-testid="try-run" disabled={run.isPending}>
            {run.isPending ? t.running : t.run}
          </button>
          <button type="button" className="btn" onClick={clear} disabled={!result && !failure && local.length === 0}>
            {t.clear}
          </button>
        </div>
      </form>

      {failure && (failure.message || failure.flowIssues.length > 0) && (
        <div className="try-errors" role="alert">
          <p className="try-error-title">{t.errors.title}</p>
          {failure.message && <p>{failure.message}</p>}
          {failure.flowIssues.length > 0 && (
            <>
              <p>{t.errors.draft}</p>
              <ul>
                {failure.flowIssues.map((i, k) => (
                  <li key={k}>
                    {issueText(i, locale)}
                    {i.nodeId && <code className="try-node-id"> {i.nodeId}</code>}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}

      {result && <TryResult result={result} t={t} locale={locale} />}
    </section>
  );
}

const MORE_FIELDS = ["customerName", "tier", "segment", "country", "region", "lifetimeValue", "followers"] as const;
const MORE_PATHS = ["customer.name", "customer.tier", "customer.segment", "customer.country", "customer.region", "customer.lifetimeValue", "customer.followers"];

/** The form's own field paths: their errors show under the field, the rest in the list. */
function formPaths(form: CaseForm): string[] {
  const attr = form.attributes.flatMap((_, i) => [`attributes.${i}.key`, `attributes.${i}.value`]);
  return ["channel", "text", "subject", "language", ...MORE_PATHS, ...attr];
}

function CaseFormFields({
  form,
  setForm,
  t,
  locale,
  errorsAt,
}: {
  form: CaseForm;
  setForm: (f: CaseForm) => void;
  t: TryMessages;
  locale: Locale;
  errorsAt: (path: string) => string[];
}) {
  const set = (patch: Partial<CaseForm>) => setForm({ ...form, ...patch });
  const text = (label: string, key: keyof CaseForm, path: string, opts: { inputMode?: "decimal"; multiline?: boolean } = {}) => (
    <Field label={label} locale={locale} errors={errorsAt(path)}>
      {(a) =>
        opts.multiline ? (
          <textarea {...a} className="insp-input" rows={3} value={form[key] as string} onChange={(e) => set({ [key]: e.currentTarget.value })} />
        ) : (
          <input {...a} className="insp-input" type="text" inputMode={opts.inputMode} autoComplete="off" value={form[key] as string} onChange={(e) => set({ [key]: e.currentTarget.value })} />
        )
      }
    </Field>
  );
  // Customer and attributes fold away; they open by themselves when filled in or wrong.
  const hasMore = MORE_FIELDS.some((k) => form[k] !== "") || form.attributes.length > 0;
  const moreErrors = MORE_PATHS.some((p) => errorsAt(p).length > 0) || form.attributes.some((_, i) => errorsAt(`attributes.${i}.key`).length + errorsAt(`attributes.${i}.value`).length > 0);
  const [moreOpen, setMoreOpen] = useState(hasMore);
  useEffect(() => {
    if (moreErrors || hasMore) setMoreOpen(true);
  }, [moreErrors, hasMore]);
  const setAttr = (i: number, patch: Partial<CaseForm["attributes"][number]>) => set({ attributes: form.attributes.map((r, j) => (j === i ? { ...r, ...patch } : r)) });
  return (
    <div className="try-fields">
      <Field label={t.form.channel} locale={locale} errors={errorsAt("channel")}>
        {(a) => (
          <select {...a} className="insp-input" value={form.channel} onChange={(e) => set({ channel: e.currentTarget.value as Channel })}>
            {Channel.options.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        )}
      </Field>
      {text(t.form.text, "text", "text", { multiline: true })}
      {text(t.form.subject, "subject", "subject")}
      <Field label={t.form.language} locale={locale} errors={errorsAt("language")}>
        {(a) => (
          <select {...a} className="insp-input" value={form.language} onChange={(e) => set({ language: e.currentTarget.value as CaseForm["language"] })}>
            <option value="">{t.form.languageAuto}</option>
            {(["es", "en", "pt"] as const).map((l) => (
              <option key={l} value={l}>
                {t.form.languages[l]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <details className="try-more" open={moreOpen} onToggle={(e) => setMoreOpen(e.currentTarget.open)}>
        <summary>{t.form.more}</summary>
        <fieldset className="insp-group try-customer">
          <legend className="insp-label">{t.form.customer}</legend>
          {text(t.form.customerName, "customerName", "customer.name")}
          <Field label={t.form.tier} locale={locale} errors={errorsAt("customer.tier")}>
            {(a) => (
              <select {...a} className="insp-input" value={form.tier} onChange={(e) => set({ tier: e.currentTarget.value as CaseForm["tier"] })}>
                <option value="">{t.form.tierAuto}</option>
                {CustomerTier.options.map((x) => (
                  <option key={x} value={x}>
                    {t.form.tiers[x]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {text(t.form.segment, "segment", "customer.segment")}
          <div className="try-pair">
            {text(t.form.country, "country", "customer.country")}
            {text(t.form.region, "region", "customer.region")}
          </div>
          <div className="try-pair">
            {text(t.form.lifetimeValue, "lifetimeValue", "customer.lifetimeValue", { inputMode: "decimal" })}
            {text(t.form.followers, "followers", "customer.followers", { inputMode: "decimal" })}
          </div>
        </fieldset>
        <fieldset className="insp-group try-attributes">
          <legend className="insp-label">{t.form.attributes}</legend>
          {form.attributes.map((row, i) => {
            const n = String(i + 1);
            return (
              <div key={i} className="try-attr">
                <Field label={fmt(t.form.attributeKey, { n })} locale={locale} errors={errorsAt(`attributes.${i}.key`)}>
                  {(a) => <input {...a} className="insp-input is-mono" type="text" autoComplete="off" value={row.key} onChange={(e) => setAttr(i, { key: e.currentTarget.value })} />}
                </Field>
                <Field label={fmt(t.form.attributeType, { n })} locale={locale}>
                  {(a) => (
                    <select {...a} className="insp-input" value={row.type} onChange={(e) => setAttr(i, { type: e.currentTarget.value as AttributeType, ...(e.currentTarget.value === "boolean" ? { value: "true" } : {}) })}>
                      {(["text", "number", "boolean", "list"] as const).map((ty) => (
                        <option key={ty} value={ty}>
                          {t.form.attributeTypes[ty]}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                <Field label={fmt(t.form.attributeValue, { n })} locale={locale} errors={errorsAt(`attributes.${i}.value`)} {...(row.type === "list" ? { hint: t.form.listHint } : {})}>
                  {(a) =>
                    row.type === "boolean" ? (
                      <select {...a} className="insp-input" value={row.value === "true" ? "true" : "false"} onChange={(e) => setAttr(i, { value: e.currentTarget.value })}>
                        <option value="true">{t.form.attributeTrue}</option>
                        <option value="false">No</option>
                      </select>
                    ) : (
                      <input
                        {...a}
                        className="insp-input"
                        type="text"
                        autoComplete="off"
                        inputMode={row.type === "number" ? "decimal" : "text"}
                        value={row.value}
                        onChange={(e) => setAttr(i, { value: e.currentTarget.value })}
                      />
                    )
                  }
                </Field>
                <button
                  type="button"
                  className="insp-text-btn is-danger"
                  aria-label={fmt(t.form.removeAttribute, { n })}
                  onClick={() => set({ attributes: form.attributes.filter((_, j) => j !== i) })}
                >
                  ×
                </button>
              </div>
            );
          })}
          <button type="button" className="insp-text-btn" onClick={() => set({ attributes: [...form.attributes, { key: "", value: "", type: "text" }] })}>
            + {t.form.addAttribute}
          </button>
        </fieldset>
      </details>
    </div>
  );
}

function RecentCases({
  t,
  locale,
  query,
  selected,
  onSelect,
  onEdit,
}: {
  t: TryMessages;
  locale: Locale;
  query: { data?: { id: string; channel: string; receivedAt: string; excerpt: string; input: CaseInput }[] | undefined; isLoading: boolean; error: { message: string } | null };
  selected: string | null;
  onSelect: (id: string) => void;
  onEdit: (input: CaseInput) => void;
}) {
  if (query.isLoading) return <p className="insp-hint">{t.recent.loading}</p>;
  if (query.error)
    return (
      <p className="try-errors" role="alert">
        {fmt(t.recent.failed, { message: query.error.message })}
      </p>
    );
  const cases = query.data ?? [];
  if (cases.length === 0) return <p className="insp-hint">{t.recent.empty}</p>;
  const current = selected ?? cases[0]!.id;
  return (
    <fieldset className="insp-group">
      <legend className="insp-label">{t.recent.label}</legend>
      <ul className="try-recent">
        {cases.map((c) => (
          <li key={c.id} className={current === c.id ? "is-active" : undefined}>
            <label className="try-recent-item">
              <input type="radio" name="try-recent" value={c.id} checked={current === c.id} onChange={() => onSelect(c.id)} />
              <span className="try-recent-body">
                <span className="try-recent-meta">
                  <span className={`channel channel-${c.channel}`}>
                    <span className="channel-dot" aria-hidden="true" />
                    {c.channel}
                  </span>{" "}
                  <time dateTime={c.receivedAt} suppressHydrationWarning>
                    {formatDateTime(c.receivedAt, locale, { dateStyle: "short", timeStyle: "short" })}
                  </time>
                </span>
                <span className="try-recent-text">{c.excerpt}</span>
              </span>
            </label>
            {current === c.id && (
              <button type="button" className="insp-text-btn" onClick={() => onEdit(c.input)}>
                {t.recent.edit}
              </button>
            )}
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

/** The outcome of the run and the rules that acted, with the decision's own explanation. */
function TryResult({ result, t, locale }: { result: TryDraftResult; t: TryMessages; locale: Locale }) {
  const d: Decision = result.decision;
  const o = d.outcome;
  const app = messages(locale);
  const ex = explainDecision(d, locale);
  const rules = d.trace.playbooks.flatMap((p) => p.rules);
  const fired = rules.filter((r) => r.status === "fired");
  const warnings = result.issues.filter((i) => i.severity === "warning").length;
  const rows: [string, React.ReactNode][] = [
    [t.result.queue, o.queue ? <strong className="queue">{o.queue}</strong> : t.result.none],
    ...(o.team ? ([[t.result.team, o.team]] as [string, React.ReactNode][]) : []),
    [t.result.priority, <PriorityBadge key="p" priority={o.priority} t={app} />],
    [t.result.tags, o.tags.length ? o.tags.join(", ") : t.result.none],
    ...(o.skills.length ? ([[t.result.skills, o.skills.join(", ")]] as [string, React.ReactNode][]) : []),
    ...(o.slaPolicy ? ([[t.result.sla, o.slaPolicy]] as [string, React.ReactNode][]) : []),
    ...(o.autoReply
      ? ([
          [
            t.result.autoReply,
            <q key="a" className="template" lang={o.autoReply.locale}>
              {o.autoReply.text}
            </q>,
          ],
        ] as [string, React.ReactNode][])
      : []),
    ...(o.notifications.length ? ([[t.result.notifications, o.notifications.map((n) => n.target).join(", ")]] as [string, React.ReactNode][]) : []),
  ];
  return (
    <div className="try-result" role="status" aria-live="polite" data-testid="try-result">
      <h3 className="insp-section-title">{t.result.title}</h3>
      <p className="try-summary">
        <SentenceText sentence={ex.summary} />
      </p>
      <KeyValueList rows={rows} className="kv try-outcome" />
      <p className="insp-label">{t.result.fired}</p>
      {fired.length === 0 ? (
        <p className="insp-hint">{t.result.noneFired}</p>
      ) : (
        <ul className="try-fired">
          {fired.map((r) => (
            <li key={r.ruleId} data-rule={r.ruleId}>
              <strong>{r.name}</strong> <code className="try-node-id">{r.ruleId}</code>
            </li>
          ))}
        </ul>
      )}
      {rules.length > fired.length && <p className="insp-hint">{fmt(t.result.notFired, { n: rules.length - fired.length })}</p>}
      {warnings > 0 && <p className="insp-hint">{fmt(t.result.warnings, { n: warnings })}</p>}
      <p className="insp-hint">{t.result.overlayHint}</p>
    </div>
  );
}
