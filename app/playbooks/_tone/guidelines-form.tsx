"use client";
// The sections of the tone guidelines form. Each control edits the unsaved document through `set`;
// errors arrive by document path (`bannedPhrases.2.phrase`) and show under their field.
import { useId, type ReactNode } from "react";
import { fmt } from "@/app/_i18n";
import { BannedPhraseCategory, Channel, ToneSeverity, type BannedPhrase, type ChannelTone, type TonePlaybook, type ToneRules } from "@/schemas";
import { Field, type A11yProps } from "../_editor/settings/fields";
import { hasApproval, otherRules, withApproval, type FieldErrors } from "./logic";
import type { ToneMessages } from "./messages";

type Locale = "es" | "en";
type Set = (f: (d: TonePlaybook) => TonePlaybook) => void;
interface Props {
  doc: TonePlaybook;
  set: Set;
  errors: FieldErrors;
  m: ToneMessages;
  locale: Locale;
}

const DIMENSIONS = ["sincerity", "excitement", "competence", "sophistication", "ruggedness"] as const;
const LISTS = ["whoWeAre", "whoWeAreNot", "do", "dont"] as const;
const LANGS = ["es", "en", "pt"] as const;
const FLAGS = ["greeting", "signOff", "customerName"] as const;

/** The object without `key` when the value is absent ("not checked" / "as on every channel"). */
function put<T extends object, K extends keyof T>(o: T, key: K, value: T[K] | undefined): T {
  const { [key]: _drop, ...rest } = o;
  return (value === undefined ? rest : { ...rest, [key]: value }) as T;
}

function TextInput({ a, value, onChange, placeholder, maxLength }: { a: A11yProps; value: string; onChange: (v: string) => void; placeholder?: string; maxLength?: number }) {
  return <input {...a} className="insp-input" type="text" value={value} placeholder={placeholder} maxLength={maxLength} autoComplete="off" onChange={(e) => onChange(e.currentTarget.value)} />;
}

function Select<V extends string>({ a, value, options, onChange }: { a: A11yProps; value: V; options: readonly { value: V; label: string }[]; onChange: (v: V) => void }) {
  return (
    <select {...a} className="insp-input" value={value} onChange={(e) => onChange(e.currentTarget.value as V)}>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

/** Empty input: not set. Anything else is kept as typed so the schema can say what is wrong with it. */
function NumberInput({ a, value, onChange }: { a: A11yProps; value: number | undefined; onChange: (v: number | undefined) => void }) {
  return (
    <input
      {...a}
      className="insp-input tone-number"
      type="number"
      inputMode="numeric"
      min={1}
      step={1}
      value={value ?? ""}
      onChange={(e) => {
        const raw = e.currentTarget.value.trim();
        onChange(raw === "" || !Number.isFinite(Number(raw)) ? undefined : Number(raw));
      }}
    />
  );
}

function FormSection({ id, title, intro, children }: { id: string; title: string; intro?: ReactNode; children: ReactNode }) {
  return (
    <section className="card card-pad tone-section" aria-labelledby={`tone-${id}`} data-testid={`tone-section-${id}`}>
      <h2 id={`tone-${id}`} className="card-title">
        {title}
      </h2>
      {intro && <p className="insp-hint">{intro}</p>}
      {children}
    </section>
  );
}

export function GuidelinesForm(p: Props) {
  return (
    <div className="tone-form">
      <GeneralSection {...p} />
      <PersonalitySection {...p} />
      <ListsSection {...p} />
      <DefaultsSection {...p} />
      <ChannelsSection {...p} />
      <BannedSection {...p} />
      <ApprovalSection {...p} />
    </div>
  );
}

function GeneralSection({ doc, set, errors, m, locale }: Props) {
  const err = (k: string) => errors.get(k) ?? [];
  return (
    <FormSection id="general" title={m.sections.general}>
      <div className="tone-grid">
        <Field label={m.general.name} locale={locale} errors={err("name")}>
          {(a) => <TextInput a={a} value={doc.name} maxLength={200} onChange={(v) => set((d) => ({ ...d, name: v }))} />}
        </Field>
        <Field label={m.general.locale} locale={locale} errors={err("locale")}>
          {(a) => <Select a={a} value={doc.locale} options={LANGS.map((l) => ({ value: l, label: m.languages[l] }))} onChange={(v) => set((d) => ({ ...d, locale: v }))} />}
        </Field>
      </div>
      <Field label={m.general.description} locale={locale} errors={err("description")}>
        {(a) => (
          <textarea
            {...a}
            className="insp-input"
            rows={2}
            maxLength={5000}
            value={doc.description ?? ""}
            onChange={(e) => {
              const v = e.currentTarget.value;
              set((d) => put(d, "description", v.trim() === "" ? undefined : v));
            }}
          />
        )}
      </Field>
    </FormSection>
  );
}

function PersonalitySection({ doc, set, m, errors }: Props) {
  const uid = useId();
  return (
    <FormSection id="personality" title={m.sections.personality} intro={m.personalityIntro}>
      <div className="tone-dimensions">
        {DIMENSIONS.map((k) => {
          const v = doc.personality[k];
          const d = m.dimensions[k];
          const id = `${uid}-${k}`;
          return (
            <div key={k} className="tone-dimension">
              <label htmlFor={id} className="insp-label">
                {d.name}
              </label>
              <input
                id={id}
                type="range"
                min={0}
                max={5}
                step={1}
                value={v ?? 0}
                aria-describedby={`${id}-hint`}
                aria-valuetext={v === undefined ? m.notRated : `${v} / 5`}
                onChange={(e) => {
                  const n = Number(e.currentTarget.value);
                  set((x) => ({ ...x, personality: { ...x.personality, [k]: n } }));
                }}
              />
              <output htmlFor={id} className="tone-dimension-value">
                {v === undefined ? m.notRated : `${v} / 5`}
              </output>
              <p className="insp-hint" id={`${id}-hint`}>
                {d.hint}
              </p>
              {(errors.get(`personality.${k}`) ?? []).map((e) => (
                <p key={e} className="insp-issue is-error">
                  {e}
                </p>
              ))}
            </div>
          );
        })}
      </div>
    </FormSection>
  );
}

function ListsSection({ doc, set, errors, m, locale }: Props) {
  return (
    <FormSection id="identity" title={m.sections.identity}>
      <div className="tone-grid tone-lists">
        {LISTS.map((k) => {
          const name = m.lists[k].name;
          return (
            <fieldset key={k} className="insp-group tone-list" data-testid={`tone-list-${k}`}>
              <legend className="insp-label">{name}</legend>
              <ol className="plain-list tone-list-items">
                {doc[k].map((item, i) => (
                  <li key={i} className="tone-list-item">
                    <Field label={<span className="sr-only">{fmt(m.item, { list: name, n: i + 1 })}</span>} locale={locale} errors={errors.get(`${k}.${i}`) ?? []}>
                      {(a) => (
                        <TextInput
                          a={a}
                          value={item}
                          placeholder={m.lists[k].placeholder}
                          maxLength={300}
                          onChange={(v) => set((d) => ({ ...d, [k]: d[k].map((x, j) => (j === i ? v : x)) }))}
                        />
                      )}
                    </Field>
                    <button
                      type="button"
                      className="btn btn-ghost tone-remove"
                      aria-label={fmt(m.removeItem, { what: fmt(m.item, { list: name, n: i + 1 }) })}
                      onClick={() => set((d) => ({ ...d, [k]: d[k].filter((_, j) => j !== i) }))}
                    >
                      ×
                    </button>
                  </li>
                ))}
              </ol>
              <button
                type="button"
                className="btn tone-add"
                aria-label={fmt(m.addTo, { list: name })}
                onClick={() => {
                  set((d) => ({ ...d, [k]: [...d[k], ""] }));
                  focusLast(`tone-list-${k}`);
                }}
              >
                + {m.add}
              </button>
            </fieldset>
          );
        })}
      </div>
    </FormSection>
  );
}

/** After adding a row, put the caret in its first field (keyboard users land where they type). */
function focusLast(testId: string) {
  requestAnimationFrame(() => {
    const inputs = document.querySelectorAll<HTMLElement>(`[data-testid="${testId}"] li:last-child :is(input, select)`);
    inputs[0]?.focus();
  });
}

function DefaultsSection({ doc, set, errors, m, locale }: Props) {
  const r = doc.defaults;
  const setRules = (f: (r: ToneRules) => ToneRules) => set((d) => ({ ...d, defaults: f(d.defaults) }));
  const err = (k: string) => errors.get(`defaults.${k}`) ?? [];
  return (
    <FormSection id="defaults" title={m.sections.defaults}>
      <div className="tone-grid">
        <Field label={m.rules.register} hint={m.rules.registerHint} locale={locale} errors={err("register")}>
          {(a) => (
            <Select
              a={a}
              value={r.register ?? "unset"}
              options={(["unset", "tu", "usted", "any"] as const).map((v) => ({ value: v, label: m.rules.registers[v] }))}
              onChange={(v) => setRules((x) => put(x, "register", v === "unset" ? undefined : v))}
            />
          )}
        </Field>
        <Field label={m.rules.maxLength} hint={m.rules.maxLengthHint} locale={locale} errors={err("maxLength")}>
          {(a) => <NumberInput a={a} value={r.maxLength} onChange={(v) => setRules((x) => put(x, "maxLength", v))} />}
        </Field>
      </div>
      <div className="insp-checks tone-checks">
        <label className="insp-check">
          <input type="checkbox" checked={r.emoji !== false} onChange={(e) => {
            const on = e.currentTarget.checked;
            setRules((x) => put(x, "emoji", on ? undefined : false));
          }} />
          <span>{m.rules.emoji}</span>
        </label>
        {FLAGS.map((k) => (
          <label key={k} className="insp-check">
            <input type="checkbox" checked={r[k] === true} aria-describedby={k === "customerName" ? "tone-customer-name-hint" : undefined} onChange={(e) => {
              const on = e.currentTarget.checked;
              setRules((x) => put(x, k, on ? true : undefined));
            }} />
            <span>{m.rules[k]}</span>
          </label>
        ))}
      </div>
      <p className="insp-hint" id="tone-customer-name-hint">
        {m.rules.customerNameHint}
      </p>
    </FormSection>
  );
}

type Tri = "" | "yes" | "no";
const tri = (v: boolean | undefined): Tri => (v === undefined ? "" : v ? "yes" : "no");
const untri = (v: Tri): boolean | undefined => (v === "" ? undefined : v === "yes");

function ChannelsSection({ doc, set, errors, m, locale }: Props) {
  const setRow = (i: number, f: (c: ChannelTone) => ChannelTone) => set((d) => ({ ...d, channels: d.channels.map((c, j) => (j === i ? f(c) : c)) }));
  const free = Channel.options.find((c) => !doc.channels.some((x) => x.channel === c));
  return (
    <FormSection id="channels" title={m.sections.channels} intro={m.channelsIntro}>
      {doc.channels.length === 0 && <p className="muted">{m.noChannels}</p>}
      <ol className="plain-list tone-rows" data-testid="tone-list-channels">
        {doc.channels.map((c, i) => {
          const err = (k: string) => errors.get(`channels.${i}.${k}`) ?? [];
          const label = fmt(m.channelRow, { n: i + 1 });
          return (
            <li key={i} className="tone-row" data-testid={`tone-channel-${i}`}>
              <fieldset className="insp-group">
                <legend className="insp-label">{label}</legend>
                <div className="tone-grid tone-grid-3">
                  <Field label={m.channel} locale={locale} errors={err("channel")}>
                    {(a) => <Select a={a} value={c.channel} options={Channel.options.map((v) => ({ value: v, label: m.channels[v] }))} onChange={(v) => setRow(i, (x) => ({ ...x, channel: v }))} />}
                  </Field>
                  <Field label={m.pointOfView} locale={locale} errors={err("pointOfView")} className="tone-span-2">
                    {(a) => <TextInput a={a} value={c.pointOfView ?? ""} placeholder={m.pointOfViewPlaceholder} maxLength={500} onChange={(v) => setRow(i, (x) => put(x, "pointOfView", v.trim() === "" ? undefined : v))} />}
                  </Field>
                  <Field label={m.identity} locale={locale} errors={err("identity")}>
                    {(a) => (
                      <Select
                        a={a}
                        value={c.identity ?? ""}
                        options={[{ value: "" as const, label: m.noIdentity }, ...DIMENSIONS.map((v) => ({ value: v, label: m.dimensions[v].name }))]}
                        onChange={(v) => setRow(i, (x) => put(x, "identity", v === "" ? undefined : v))}
                      />
                    )}
                  </Field>
                  <Field label={m.rules.register} locale={locale} errors={err("register")}>
                    {(a) => (
                      <Select
                        a={a}
                        value={c.register ?? ""}
                        options={[{ value: "" as const, label: m.inherit }, ...(["tu", "usted", "any"] as const).map((v) => ({ value: v, label: m.rules.registers[v] }))]}
                        onChange={(v) => setRow(i, (x) => put(x, "register", v === "" ? undefined : v))}
                      />
                    )}
                  </Field>
                  <Field label={m.rules.maxLength} locale={locale} errors={err("maxLength")}>
                    {(a) => <NumberInput a={a} value={c.maxLength} onChange={(v) => setRow(i, (x) => put(x, "maxLength", v))} />}
                  </Field>
                  <Field label={m.rules.emoji} locale={locale} errors={err("emoji")}>
                    {(a) => (
                      <Select a={a} value={tri(c.emoji)} options={[{ value: "" as Tri, label: m.inherit }, { value: "yes", label: m.emojiChoice.yes }, { value: "no", label: m.emojiChoice.no }]} onChange={(v) => setRow(i, (x) => put(x, "emoji", untri(v)))} />
                    )}
                  </Field>
                  {FLAGS.map((k) => (
                    <Field key={k} label={m.rules[k]} locale={locale} errors={err(k)}>
                      {(a) => (
                        <Select a={a} value={tri(c[k])} options={[{ value: "" as Tri, label: m.inherit }, { value: "yes", label: m.yesNo.yes }, { value: "no", label: m.yesNo.no }]} onChange={(v) => setRow(i, (x) => put(x, k, untri(v)))} />
                      )}
                    </Field>
                  ))}
                </div>
                <button type="button" className="btn btn-ghost tone-remove-row" onClick={() => set((d) => ({ ...d, channels: d.channels.filter((_, j) => j !== i) }))}>
                  {fmt(m.removeItem, { what: label })}
                </button>
              </fieldset>
            </li>
          );
        })}
      </ol>
      <button
        type="button"
        className="btn tone-add"
        onClick={() => {
          set((d) => ({ ...d, channels: [...d.channels, { channel: free ?? "whatsapp" }] }));
          focusLast("tone-list-channels");
        }}
      >
        + {m.addChannel}
      </button>
    </FormSection>
  );
}

function BannedSection({ doc, set, errors, m, locale }: Props) {
  const setRow = (i: number, f: (p: BannedPhrase) => BannedPhrase) => set((d) => ({ ...d, bannedPhrases: d.bannedPhrases.map((p, j) => (j === i ? f(p) : p)) }));
  return (
    <FormSection id="banned" title={m.sections.banned} intro={m.bannedIntro}>
      {doc.bannedPhrases.length === 0 && <p className="muted">{m.noPhrases}</p>}
      <ol className="plain-list tone-rows" data-testid="tone-list-banned">
        {doc.bannedPhrases.map((p, i) => {
          const err = (k: string) => errors.get(`bannedPhrases.${i}.${k}`) ?? [];
          const label = fmt(m.phraseRow, { n: i + 1 });
          return (
            <li key={i} className="tone-row" data-testid={`tone-banned-${i}`}>
              <fieldset className="insp-group">
                <legend className="insp-label">{label}</legend>
                <div className="tone-grid tone-grid-3">
                  <Field label={m.phrase} locale={locale} errors={err("phrase")}>
                    {(a) => <TextInput a={a} value={p.phrase} maxLength={200} onChange={(v) => setRow(i, (x) => ({ ...x, phrase: v }))} />}
                  </Field>
                  <Field label={m.alternative} locale={locale} errors={err("suggestion")} className="tone-span-2">
                    {(a) => <TextInput a={a} value={p.suggestion ?? ""} maxLength={500} onChange={(v) => setRow(i, (x) => put(x, "suggestion", v.trim() === "" ? undefined : v))} />}
                  </Field>
                  <Field label={m.category} locale={locale} errors={err("category")}>
                    {(a) => <Select a={a} value={p.category} options={BannedPhraseCategory.options.map((v) => ({ value: v, label: m.categories[v] }))} onChange={(v) => setRow(i, (x) => ({ ...x, category: v }))} />}
                  </Field>
                  <Field label={m.severity} locale={locale} errors={err("severity")}>
                    {(a) => <Select a={a} value={p.severity} options={ToneSeverity.options.map((v) => ({ value: v, label: m.severities[v] }))} onChange={(v) => setRow(i, (x) => ({ ...x, severity: v }))} />}
                  </Field>
                  <Field label={m.phraseLocale} locale={locale} errors={err("locale")}>
                    {(a) => (
                      <Select
                        a={a}
                        value={p.locale ?? ""}
                        options={[{ value: "" as const, label: m.anyLanguage }, ...LANGS.map((l) => ({ value: l, label: m.languages[l] }))]}
                        onChange={(v) => setRow(i, (x) => put(x, "locale", v === "" ? undefined : v))}
                      />
                    )}
                  </Field>
                </div>
                <button type="button" className="btn btn-ghost tone-remove-row" onClick={() => set((d) => ({ ...d, bannedPhrases: d.bannedPhrases.filter((_, j) => j !== i) }))}>
                  {fmt(m.removeItem, { what: label })}
                </button>
              </fieldset>
            </li>
          );
        })}
      </ol>
      <button
        type="button"
        className="btn tone-add"
        onClick={() => {
          set((d) => ({ ...d, bannedPhrases: [...d.bannedPhrases, { phrase: "", category: "over_promising", severity: "major" }] }));
          focusLast("tone-list-banned");
        }}
      >
        + {m.addPhrase}
      </button>
    </FormSection>
  );
}

function ApprovalSection({ doc, set, m }: Props) {
  const others = otherRules(doc);
  return (
    <FormSection id="approval" title={m.sections.approval} intro={m.approvalIntro}>
      <div className="insp-checks tone-checks">
        {(
          [
            ["crisis_active", m.approvalCrisis],
            ["severe_violation", m.approvalSevere],
          ] as const
        ).map(([preset, label]) => (
          <label key={preset} className="insp-check">
            <input type="checkbox" checked={hasApproval(doc, preset)} onChange={(e) => {
              const on = e.currentTarget.checked;
              set((d) => withApproval(d, preset, on));
            }} />
            <span>{label}</span>
          </label>
        ))}
      </div>
      {others.length > 0 && (
        <>
          <h3 className="insp-section-title">{m.otherRules}</h3>
          <ul className="plain-list tone-other-rules">
            {others.map((r) => (
              <li key={r.id}>
                <strong>{r.name}</strong> <code className="sub">{r.id}</code>
                {r.description && <div className="sub">{r.description}</div>}
              </li>
            ))}
          </ul>
        </>
      )}
    </FormSection>
  );
}
