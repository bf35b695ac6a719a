"use client";
// The playbook-settings panel of escalation and crisis flows (shown in the inspector when no node
// is selected): SLA policies and business calendars, or crisis levels with their protocol. Every
// problem the validator finds here has the panel's path (`slaPolicies[0].calendar`) and is shown
// under its field.
import { fmt, messages } from "@/app/_i18n";
import { Channel, HOLIDAY_COUNTRIES, Priority, ProtocolPhase, SlaTime, WEEKDAYS, type DraftCalendar, type DraftCrisisLevel, type DraftSlaPolicy, type FlowDocument, type FlowDocumentOf, type FlowIssue } from "@/schemas";
import { editorText } from "./messages";
import { CheckboxGroup, IssueLines, NumberField, SelectField, TagListInput, TextField, Section } from "./settings/fields";
import { freshId, issuesAt, issuesUnder } from "./settings/logic";
import { sm } from "./settings/messages";
import { Panel } from "./settings/panel";
import { useEditor, useEditorStoreApi } from "./store";

type Locale = "es" | "en";
type Edit<K extends "escalation" | "crisis"> = (recipe: (d: FlowDocumentOf<K>) => FlowDocumentOf<K>, key: string) => void;

/** The settings of the document's kind, or nothing for routing flows. */
export function KindSettings({ locale }: { locale: Locale }) {
  const api = useEditorStoreApi();
  const doc = useEditor((s) => s.doc);
  const readOnly = useEditor((s) => s.readOnly);
  // settings problems carry no node: the panel's path says where
  const issues = useEditor((s) => s.issues).filter((i) => i.nodeId === undefined && i.edgeId === undefined);
  const m = editorText(locale);
  if (doc.kind === "routing") return null;
  const edit = (recipe: (d: FlowDocument) => FlowDocument, key: string) => api.getState().commit(recipe, `settings.${key}`);
  return (
    <Panel readOnly={readOnly} kind={`${doc.kind}-settings`}>
      <p className="insp-hint">{m.flowKind.tryHidden}</p>
      {doc.kind === "escalation" ? (
        <EscalationSettings doc={doc} edit={edit as Edit<"escalation">} issues={issues} locale={locale} />
      ) : (
        <CrisisSettings doc={doc} edit={edit as Edit<"crisis">} issues={issues} locale={locale} />
      )}
    </Panel>
  );
}

const replaceAt = <T,>(list: readonly T[], i: number, next: T): T[] => list.map((x, k) => (k === i ? next : x));
const without = <T,>(list: readonly T[], i: number): T[] => list.filter((_x, k) => k !== i);

function RemoveButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <button type="button" className="btn btn-ghost fe-danger" onClick={onClick}>
      {label}
    </button>
  );
}

function AddButton({ label, onClick, testId }: { label: string; onClick: () => void; testId?: string }) {
  return (
    <button type="button" className="btn" onClick={onClick} {...(testId ? { "data-testid": testId } : {})}>
      + {label}
    </button>
  );
}

// ---------------------------------------------------------------------------------------------
// Escalation: SLA policies and calendars

function EscalationSettings({ doc, edit, issues, locale }: { doc: FlowDocumentOf<"escalation">; edit: Edit<"escalation">; issues: FlowIssue[]; locale: Locale }) {
  const t = editorText(locale).kindSettings;
  const priorities = messages(locale).priorities as Record<string, string>;
  const setPolicy = (i: number, p: DraftSlaPolicy, key: string) => edit((d) => ({ ...d, slaPolicies: replaceAt(d.slaPolicies, i, p) }), `policy${i}.${key}`);
  const setCalendar = (i: number, c: DraftCalendar, key: string) => edit((d) => ({ ...d, calendars: replaceAt(d.calendars, i, c) }), `calendar${i}.${key}`);
  return (
    <>
      <Section title={t.policies}>
        <p className="insp-hint">{t.policiesHelp}</p>
        {doc.slaPolicies.length === 0 && <p className="insp-hint">{t.noPolicies}</p>}
        <IssueLines issues={issuesAt(issues, "slaPolicies")} locale={locale} />
        {doc.slaPolicies.map((p, i) => {
          const at = `slaPolicies[${i}]`;
          return (
            <fieldset key={i} className="insp-group ks-item" data-testid={`sla-policy-${i}`}>
              <legend className="insp-label">{fmt(t.policy, { n: i + 1 })}</legend>
              <TextField label={t.policyId} value={p.id} mono onChange={(id) => setPolicy(i, { ...p, id }, "id")} locale={locale} issues={issuesAt(issues, `${at}.id`)} />
              <TextField label={t.policyName} value={p.name} onChange={(name) => setPolicy(i, { ...p, name }, "name")} locale={locale} issues={issuesAt(issues, `${at}.name`)} />
              <SelectField
                label={t.time}
                value={p.time}
                options={SlaTime.options.map((v) => ({ value: v, label: t.times[v] }))}
                onChange={(time) => {
                  const { calendar, ...rest } = p;
                  setPolicy(i, time === "business" && calendar !== undefined ? { ...rest, time, calendar } : { ...rest, time }, "time");
                }}
                locale={locale}
                issues={issuesAt(issues, `${at}.time`)}
              />
              {p.time === "business" && (
                <SelectField
                  label={t.calendar}
                  value={p.calendar ?? ""}
                  options={doc.calendars.filter((c) => c.id).map((c) => ({ value: c.id, label: c.name || c.id }))}
                  onChange={(calendar) => setPolicy(i, { ...p, calendar }, "calendar")}
                  locale={locale}
                  issues={issuesAt(issues, `${at}.calendar`)}
                />
              )}
              <fieldset className="insp-group">
                <legend className="insp-label">{t.targets}</legend>
                <IssueLines issues={issuesAt(issues, `${at}.targets`)} locale={locale} />
                {p.targets.map((g, k) => {
                  const ta = `${at}.targets[${k}]`;
                  const setTarget = (next: typeof g, key: string) => setPolicy(i, { ...p, targets: replaceAt(p.targets, k, next) }, `target${k}.${key}`);
                  const minutes = (key: "firstResponseMinutes" | "nextResponseMinutes" | "resolutionMinutes", label: string) => (
                    <NumberField
                      label={label}
                      value={g[key]}
                      min={1}
                      onChange={(v) => {
                        const { [key]: _old, ...rest } = g;
                        setTarget(v === undefined ? rest : { ...rest, [key]: v }, key);
                      }}
                      locale={locale}
                      issues={issuesAt(issues, `${ta}.${key}`)}
                    />
                  );
                  return (
                    <div key={k} className="ks-target" data-testid={`sla-target-${i}-${k}`}>
                      <CheckboxGroup
                        legend={t.channels}
                        options={Channel.options.map((c) => ({ value: c, label: c }))}
                        value={g.channels}
                        onChange={(channels) => setTarget({ ...g, channels: Channel.options.filter((c) => channels.includes(c)) }, "channels")}
                        locale={locale}
                        issues={issuesUnder(issues, `${ta}.channels`)}
                      />
                      <CheckboxGroup
                        legend={t.priorities}
                        options={Priority.options.map((v) => ({ value: v, label: priorities[v] ?? v }))}
                        value={g.priorities}
                        onChange={(ps) => setTarget({ ...g, priorities: Priority.options.filter((v) => ps.includes(v)) }, "priorities")}
                        locale={locale}
                        issues={issuesUnder(issues, `${ta}.priorities`)}
                      />
                      {minutes("firstResponseMinutes", t.first)}
                      {minutes("nextResponseMinutes", t.next)}
                      {minutes("resolutionMinutes", t.resolution)}
                      <RemoveButton label={t.removeTarget} onClick={() => setPolicy(i, { ...p, targets: without(p.targets, k) }, "targets")} />
                    </div>
                  );
                })}
                <AddButton label={t.addTarget} onClick={() => setPolicy(i, { ...p, targets: [...p.targets, { channels: [], priorities: [] }] }, "targets")} />
              </fieldset>
              <RemoveButton label={t.removePolicy} onClick={() => edit((d) => ({ ...d, slaPolicies: without(d.slaPolicies, i) }), "policies")} />
            </fieldset>
          );
        })}
        <AddButton
          label={t.addPolicy}
          testId="add-sla-policy"
          onClick={() =>
            edit(
              (d) => ({
                ...d,
                slaPolicies: [
                  ...d.slaPolicies,
                  // 24×7 time needs no calendar: the smallest policy that works once its minutes are filled in
                  { id: freshId("sla-", d.slaPolicies.map((x) => x.id)), name: "", time: "calendar", targets: [{ channels: [], priorities: [] }] },
                ],
              }),
              "policies",
            )
          }
        />
      </Section>
      <Section title={t.calendars}>
        <p className="insp-hint">{t.calendarsHelp}</p>
        {doc.calendars.map((c, i) => (
          <CalendarEditor key={i} calendar={c} at={`calendars[${i}]`} n={i + 1} issues={issues} locale={locale} onChange={(next, key) => setCalendar(i, next, key)} onRemove={() => edit((d) => ({ ...d, calendars: without(d.calendars, i) }), "calendars")} />
        ))}
        <AddButton
          label={t.addCalendar}
          testId="add-calendar"
          onClick={() =>
            edit(
              (d) => ({
                ...d,
                calendars: [
                  ...d.calendars,
                  {
                    id: freshId("cal-", d.calendars.map((x) => x.id)),
                    name: "",
                    timeZone: "America/Mexico_City",
                    country: "MX",
                    hours: Object.fromEntries(WEEKDAYS.slice(0, 5).map((w) => [w, [{ from: "09:00", to: "18:00" }]])),
                    closures: [],
                  },
                ],
              }),
              "calendars",
            )
          }
        />
      </Section>
    </>
  );
}

const TIME_ZONES = ["America/Mexico_City", "America/Bogota", "America/Lima", "America/Guayaquil", "America/El_Salvador", "America/Sao_Paulo", "America/Argentina/Buenos_Aires", "America/New_York", "America/Los_Angeles", "UTC"];

function CalendarEditor({
  calendar: c,
  at,
  n,
  issues,
  locale,
  onChange,
  onRemove,
}: {
  calendar: DraftCalendar;
  at: string;
  n: number;
  issues: FlowIssue[];
  locale: Locale;
  onChange: (c: DraftCalendar, key: string) => void;
  onRemove: () => void;
}) {
  const t = editorText(locale).kindSettings;
  return (
    <fieldset className="insp-group ks-item" data-testid={`calendar-${n - 1}`}>
      <legend className="insp-label">{fmt(t.calendarN, { n })}</legend>
      <TextField label={t.calendarId} value={c.id} mono onChange={(id) => onChange({ ...c, id }, "id")} locale={locale} issues={issuesAt(issues, `${at}.id`)} />
      <TextField label={t.policyName} value={c.name} onChange={(name) => onChange({ ...c, name }, "name")} locale={locale} issues={issuesAt(issues, `${at}.name`)} />
      <TextField label={t.timeZone} value={c.timeZone} mono suggestions={TIME_ZONES} onChange={(timeZone) => onChange({ ...c, timeZone }, "timeZone")} locale={locale} issues={issuesAt(issues, `${at}.timeZone`)} />
      <SelectField
        label={t.country}
        value={(c.country ?? "none") as (typeof HOLIDAY_COUNTRIES)[number] | "none"}
        options={[{ value: "none" as const, label: t.noCountry }, ...HOLIDAY_COUNTRIES.map((v) => ({ value: v, label: v }))]}
        onChange={(v) => {
          const { country: _c, ...rest } = c;
          onChange(v === "none" ? rest : { ...rest, country: v }, "country");
        }}
        locale={locale}
        issues={issuesAt(issues, `${at}.country`)}
      />
      <fieldset className="insp-group">
        <legend className="insp-label">{t.hours}</legend>
        {WEEKDAYS.map((w) => {
          const ranges = c.hours[w] ?? [];
          const setRanges = (next: typeof ranges) => {
            const { [w]: _old, ...rest } = c.hours;
            onChange({ ...c, hours: next.length ? { ...rest, [w]: next } : rest }, `hours.${w}`);
          };
          return (
            <div key={w} className="ks-day" role="group" aria-label={t.days[w]}>
              <span className="insp-label">{t.days[w]}</span>
              {ranges.length === 0 && <span className="insp-hint">{t.closed}</span>}
              {ranges.map((r, k) => (
                <span key={k} className="ks-range">
                  <TextField label={t.from} value={r.from} mono onChange={(from) => setRanges(replaceAt(ranges, k, { ...r, from }))} locale={locale} issues={issuesAt(issues, `${at}.hours.${w}[${k}].from`)} />
                  <TextField label={t.to} value={r.to} mono onChange={(to) => setRanges(replaceAt(ranges, k, { ...r, to }))} locale={locale} issues={issuesAt(issues, `${at}.hours.${w}[${k}].to`)} />
                  <RemoveButton label={`${t.closed}: ${t.days[w]}`} onClick={() => setRanges(without(ranges, k))} />
                </span>
              ))}
              <AddButton label={`${t.days[w]} ${ranges.length ? "" : "09:00–18:00"}`.trim()} onClick={() => setRanges([...ranges, { from: ranges.length ? "15:00" : "09:00", to: "18:00" }])} />
            </div>
          );
        })}
      </fieldset>
      <fieldset className="insp-group">
        <legend className="insp-label">{t.closures}</legend>
        {c.closures.map((cl, k) => (
          <div key={k} className="ks-range">
            <TextField label={t.closureDate} value={cl.date} mono placeholder="2026-12-24" onChange={(date) => onChange({ ...c, closures: replaceAt(c.closures, k, { ...cl, date }) }, `closure${k}`)} locale={locale} issues={issuesAt(issues, `${at}.closures[${k}].date`)} />
            <TextField label={t.closureName} value={cl.name} onChange={(name) => onChange({ ...c, closures: replaceAt(c.closures, k, { ...cl, name }) }, `closure${k}`)} locale={locale} issues={issuesAt(issues, `${at}.closures[${k}].name`)} />
            <RemoveButton label={sm(locale).common.remove} onClick={() => onChange({ ...c, closures: without(c.closures, k) }, "closures")} />
          </div>
        ))}
        <AddButton label={t.addClosure} onClick={() => onChange({ ...c, closures: [...c.closures, { date: "", name: "" }] }, "closures")} />
      </fieldset>
      <RemoveButton label={t.removeCalendar} onClick={onRemove} />
    </fieldset>
  );
}

// ---------------------------------------------------------------------------------------------
// Crisis: levels and their protocol

function CrisisSettings({ doc, edit, issues, locale }: { doc: FlowDocumentOf<"crisis">; edit: Edit<"crisis">; issues: FlowIssue[]; locale: Locale }) {
  const t = editorText(locale).kindSettings;
  const setLevel = (i: number, l: DraftCrisisLevel, key: string) => edit((d) => ({ ...d, levels: replaceAt(d.levels, i, l) }), `level${i}.${key}`);
  const free = [1, 2, 3].filter((n) => !doc.levels.some((l) => l.level === n));
  return (
    <Section title={t.levels}>
      <p className="insp-hint">{t.levelsHelp}</p>
      {doc.levels.length === 0 && <p className="insp-hint">{t.noLevels}</p>}
      {doc.levels.map((l, i) => {
        const at = `levels[${i}]`;
        return (
          <fieldset key={i} className="insp-group ks-item" data-testid={`crisis-level-${i}`}>
            <legend className="insp-label">
              {t.level} {l.level}
            </legend>
            <SelectField
              label={t.level}
              value={String(l.level) as "1" | "2" | "3"}
              options={(["1", "2", "3"] as const).map((v) => ({ value: v, label: v }))}
              onChange={(v) => setLevel(i, { ...l, level: Number(v) }, "level")}
              locale={locale}
              issues={issuesAt(issues, `${at}.level`)}
            />
            <TextField label={t.levelName} value={l.name} onChange={(name) => setLevel(i, { ...l, name }, "name")} locale={locale} issues={issuesAt(issues, `${at}.name`)} />
            <NumberField
              label={t.duration}
              value={l.durationMinutes}
              min={1}
              onChange={(v) => {
                const { durationMinutes: _d, ...rest } = l;
                setLevel(i, v === undefined ? rest : { ...rest, durationMinutes: v }, "duration");
              }}
              locale={locale}
              issues={issuesAt(issues, `${at}.durationMinutes`)}
            />
            <TagListInput label={t.notify} value={l.notify} onChange={(v) => setLevel(i, { ...l, notify: v.map(String) }, "notify")} locale={locale} issues={issuesUnder(issues, `${at}.notify`)} />
            <fieldset className="insp-group">
              <legend className="insp-label">{t.protocol}</legend>
              {l.protocol.map((p, k) => {
                const pa = `${at}.protocol[${k}]`;
                const setItem = (next: typeof p, key: string) => setLevel(i, { ...l, protocol: replaceAt(l.protocol, k, next) }, `item${k}.${key}`);
                return (
                  <div key={k} className="ks-target" data-testid={`protocol-item-${i}-${k}`}>
                    <SelectField label={t.phase} value={p.phase} options={ProtocolPhase.options.map((v) => ({ value: v, label: t.phases[v] }))} onChange={(phase) => setItem({ ...p, phase }, "phase")} locale={locale} issues={issuesAt(issues, `${pa}.phase`)} />
                    <TextField label={t.itemTitle} value={p.title} onChange={(title) => setItem({ ...p, title }, "title")} locale={locale} issues={issuesAt(issues, `${pa}.title`)} />
                    <TextField label={t.owner} value={p.owner} onChange={(owner) => setItem({ ...p, owner }, "owner")} locale={locale} issues={issuesAt(issues, `${pa}.owner`)} />
                    <RemoveButton label={t.removeItem} onClick={() => setLevel(i, { ...l, protocol: without(l.protocol, k) }, "protocol")} />
                  </div>
                );
              })}
              <AddButton
                label={t.addItem}
                onClick={() =>
                  setLevel(i, { ...l, protocol: [...l.protocol, { id: freshId("p", l.protocol.map((x) => x.id)), phase: ProtocolPhase.options[Math.min(l.protocol.length, 3)]!, title: "", owner: "" }] }, "protocol")
                }
              />
            </fieldset>
            <RemoveButton label={t.removeLevel} onClick={() => edit((d) => ({ ...d, levels: without(d.levels, i) }), "levels")} />
          </fieldset>
        );
      })}
      {free.length > 0 && (
        <AddButton label={t.addLevel} testId="add-crisis-level" onClick={() => edit((d) => ({ ...d, levels: [...d.levels, { level: free[0]!, name: "", notify: [], protocol: [] }] }), "levels")} />
      )}
    </Section>
  );
}
