"use client";
// ConditionTreeEditor: a json-rules-engine condition tree as nested groups. Groups are all/any,
// any node can be negated (wrapped in `not`), moved up/down among its siblings or removed; leaves
// use FactPicker / OperatorSelect / ValueInput; shared conditions of the playbook can be referenced.
// Every control is a native input or button, so the whole tree works from the keyboard.
import type { Condition, FlowIssue, JsonValue, TopLevelCondition } from "@/schemas";
import { IssueLines } from "./fields";
import { adaptLeaf, factLike, FactPicker, OperatorSelect, operatorsForFact, ValueInput } from "./fact-picker";
import { issuesAt, issuesUnder, normalizeIssuePath } from "./logic";
import { sm, type SettingsMessages } from "./messages";
import {
  appendAt,
  asTopLevel,
  childrenOf,
  EMPTY_LEAF,
  getAt,
  groupKind,
  isLeaf,
  isNot,
  isRef,
  issuePathOf,
  moveAt,
  removeAt,
  setGroupKind,
  toggleNotAt,
  updateAt,
  type GroupKind,
  type TreePath,
} from "./tree";

type Locale = "es" | "en";

export interface ConditionTreeEditorProps {
  value: TopLevelCondition;
  /** a new tree; `mergeKey` set for typing (merged into one undo step), absent for structural edits */
  onChange: (next: TopLevelCondition, mergeKey?: string) => void;
  /** the validator's path of the tree inside the node's data, e.g. "condition" */
  prefix: string;
  /** the node's issues; each is shown at the part of the tree its path names */
  issues: readonly FlowIssue[];
  locale: Locale;
  /** names of the playbook's shared conditions (doc.conditions) */
  sharedNames: readonly string[];
  /** node id: merge keys are `${mergeBase}:${path}` */
  mergeBase: string;
  legend?: string;
}

interface Ctx extends ConditionTreeEditorProps {
  t: SettingsMessages;
  edit: (fn: (root: Condition) => Condition, mergeKey?: string) => void;
}

export function ConditionTreeEditor(props: ConditionTreeEditorProps) {
  const t = sm(props.locale);
  const ctx: Ctx = {
    ...props,
    t,
    edit: (fn, mergeKey) => props.onChange(asTopLevel(fn(props.value)), mergeKey),
  };
  return (
    <div className="ctree-edit" role="group" aria-label={props.legend ?? t.tree.legend}>
      <NodeEditor ctx={ctx} path={[]} />
    </div>
  );
}

/** "1.2.1": where a node sits, shown next to it and used in its controls' names. */
function ordinal(path: TreePath): string {
  return path.map((i) => i + 1).join(".");
}

function NodeEditor({ ctx, path }: { ctx: Ctx; path: TreePath }) {
  const c = getAt(ctx.value, path);
  if (!c) return null;
  if (isLeaf(c)) return <LeafEditor ctx={ctx} path={path} leaf={c} />;
  if (isRef(c)) return <RefEditor ctx={ctx} path={path} name={c.condition} />;
  if (isNot(c)) return <NotEditor ctx={ctx} path={path} />;
  return <GroupEditor ctx={ctx} path={path} kind={groupKind(c) ?? "all"} />;
}

function itemName(ctx: Ctx, path: TreePath, group: boolean): string {
  if (path.length === 0) return ctx.t.tree.rootGroup;
  return (group ? ctx.t.tree.groupN : ctx.t.tree.conditionN).replace("{n}", ordinal(path));
}

/** Move up / down, negate, delete: for every node but the root (which can only be negated). */
function ItemControls({ ctx, path, group }: { ctx: Ctx; path: TreePath; group: boolean }) {
  const { t } = ctx;
  const name = itemName(ctx, path, group);
  const parent = path.length ? getAt(ctx.value, path.slice(0, -1)) : undefined;
  const index = path[path.length - 1] ?? 0;
  const siblings = parent && groupKind(parent) ? childrenOf(parent).length : 1;
  const node = getAt(ctx.value, path);
  const negated = node !== undefined && isNot(node);
  return (
    <div className="ctree-controls">
      {path.length > 0 && parent && groupKind(parent) && (
        <>
          <button type="button" className="insp-icon-btn" aria-label={`${t.common.moveUp}: ${name}`} title={t.common.moveUp} disabled={index === 0} onClick={() => ctx.edit((r) => moveAt(r, path, -1))}>
            ↑
          </button>
          <button
            type="button"
            className="insp-icon-btn"
            aria-label={`${t.common.moveDown}: ${name}`}
            title={t.common.moveDown}
            disabled={index >= siblings - 1}
            onClick={() => ctx.edit((r) => moveAt(r, path, 1))}
          >
            ↓
          </button>
        </>
      )}
      <button type="button" className="insp-text-btn" aria-label={`${negated ? t.tree.unnegate : t.tree.negate}: ${name}`} onClick={() => ctx.edit((r) => toggleNotAt(r, path))}>
        {negated ? t.tree.unnegate : t.tree.negate}
      </button>
      {path.length > 0 && (
        <button type="button" className="insp-text-btn is-danger" aria-label={`${t.tree.remove}: ${name}`} onClick={() => ctx.edit((r) => removeAt(r, path))}>
          {t.tree.remove}
        </button>
      )}
    </div>
  );
}

function GroupEditor({ ctx, path, kind }: { ctx: Ctx; path: TreePath; kind: GroupKind }) {
  const { t } = ctx;
  const c = getAt(ctx.value, path)!;
  const kids = childrenOf(c);
  const ipath = issuePathOf(ctx.value, path, ctx.prefix);
  const name = itemName(ctx, path, true);
  const selectId = `${ctx.mergeBase}-${ctx.prefix}-${ordinal(path) || "root"}-kind`;
  return (
    <div className={`ctree-group-edit${path.length === 0 ? " is-root" : ""}`} role="group" aria-label={name}>
      <div className="ctree-row">
        {path.length > 0 && <span className="ctree-ordinal">{ordinal(path)}</span>}
        <label htmlFor={selectId} className="insp-label is-inline">
          {t.tree.combine}
        </label>
        <select
          id={selectId}
          className="insp-input is-compact"
          value={kind}
          onChange={(e) => ctx.edit((r) => updateAt(r, path, (g) => setGroupKind(g, e.currentTarget.value as GroupKind)))}
        >
          <option value="all">{t.tree.all}</option>
          <option value="any">{t.tree.any}</option>
        </select>
        <ItemControls ctx={ctx} path={path} group />
      </div>
      <IssueLines issues={[...issuesAt(ctx.issues, ipath), ...issuesAt(ctx.issues, `${ipath}.${kind}`)]} locale={ctx.locale} />
      {kids.length === 0 ? (
        <p className="insp-hint">{t.tree.empty}</p>
      ) : (
        <ol className="ctree-children">
          {kids.map((_, i) => (
            <li key={i}>
              <NodeEditor ctx={ctx} path={[...path, i]} />
            </li>
          ))}
        </ol>
      )}
      <div className="ctree-add">
        <button type="button" className="insp-text-btn" aria-label={`${t.tree.addCondition} (${name})`} onClick={() => ctx.edit((r) => appendAt(r, path, EMPTY_LEAF))}>
          + {t.tree.addCondition}
        </button>
        <button
          type="button"
          className="insp-text-btn"
          aria-label={`${t.tree.addGroup} (${name})`}
          onClick={() => ctx.edit((r) => appendAt(r, path, kind === "all" ? { any: [EMPTY_LEAF] } : { all: [EMPTY_LEAF] }))}
        >
          + {t.tree.addGroup}
        </button>
        {ctx.sharedNames.length > 0 && (
          <button
            type="button"
            className="insp-text-btn"
            aria-label={`${t.tree.addRef} (${name})`}
            onClick={() => ctx.edit((r) => appendAt(r, path, { condition: ctx.sharedNames[0]! }))}
          >
            + {t.tree.addRef}
          </button>
        )}
      </div>
    </div>
  );
}

function NotEditor({ ctx, path }: { ctx: Ctx; path: TreePath }) {
  const name = itemName(ctx, path, true);
  const ipath = issuePathOf(ctx.value, path, ctx.prefix);
  return (
    <div className="ctree-not" role="group" aria-label={`${ctx.t.tree.not}: ${name}`}>
      <div className="ctree-row">
        {path.length > 0 && <span className="ctree-ordinal">{ordinal(path)}</span>}
        <span className="ctree-not-label">{ctx.t.tree.not}</span>
        <ItemControls ctx={ctx} path={path} group />
      </div>
      <IssueLines issues={issuesAt(ctx.issues, ipath)} locale={ctx.locale} />
      <NodeEditor ctx={ctx} path={[...path, 0]} />
    </div>
  );
}

function RefEditor({ ctx, path, name }: { ctx: Ctx; path: TreePath; name: string }) {
  const { t } = ctx;
  const ipath = issuePathOf(ctx.value, path, ctx.prefix);
  const id = `${ctx.mergeBase}-${ctx.prefix}-${ordinal(path) || "root"}-ref`;
  const missing = !ctx.sharedNames.includes(name);
  const names = missing && name ? [...ctx.sharedNames, name] : ctx.sharedNames;
  return (
    <div className="ctree-leaf-edit" role="group" aria-label={itemName(ctx, path, false)}>
      <div className="ctree-row">
        {path.length > 0 && <span className="ctree-ordinal">{ordinal(path)}</span>}
        <label htmlFor={id} className="insp-label is-inline">
          {t.tree.ref}
        </label>
        <select
          id={id}
          className="insp-input is-compact"
          value={name}
          onChange={(e) => ctx.edit((r) => updateAt(r, path, (c) => ({ ...c, condition: e.currentTarget.value }) as Condition))}
        >
          {names.map((n) => (
            <option key={n} value={n}>
              {n}
              {n === name && missing ? ` — ${t.tree.refMissing}` : ""}
            </option>
          ))}
        </select>
        <ItemControls ctx={ctx} path={path} group={false} />
      </div>
      <IssueLines issues={issuesUnder(ctx.issues, ipath)} locale={ctx.locale} />
    </div>
  );
}

type Leaf = Extract<Condition, { fact: string }>;

function LeafEditor({ ctx, path, leaf }: { ctx: Ctx; path: TreePath; leaf: Leaf }) {
  const ipath = issuePathOf(ctx.value, path, ctx.prefix);
  const key = (field: string) => `${ctx.mergeBase}:${ipath}.${field}`;
  const set = (patch: Partial<Leaf>, mergeKey?: string) =>
    ctx.edit((r) =>
      updateAt(r, path, (c) => {
        const next = { ...(c as Leaf), ...patch };
        if (next.path === undefined || next.path === "") delete next.path;
        return next;
      }),
      mergeKey,
    );
  const offered = operatorsForFact(leaf.fact, leaf.path);
  const fact = factLike(leaf.fact, leaf.path, leaf.value);
  const fieldIssues = new Set([`${ipath}.fact`, `${ipath}.path`, `${ipath}.operator`]);
  const rest = issuesUnder(ctx.issues, ipath).filter((i) => {
    const p = normalizeIssuePath(i.path);
    return !fieldIssues.has(p) && p !== `${ipath}.value` && !p.startsWith(`${ipath}.value.`) && !p.startsWith(`${ipath}.value[`);
  });
  return (
    <div className="ctree-leaf-edit" role="group" aria-label={itemName(ctx, path, false)}>
      <div className="ctree-row">
        {path.length > 0 && <span className="ctree-ordinal">{ordinal(path)}</span>}
        <span className="spacer" />
        <ItemControls ctx={ctx} path={path} group={false} />
      </div>
      <FactPicker
        fact={leaf.fact}
        path={leaf.path}
        locale={ctx.locale}
        issues={issuesAt(ctx.issues, `${ipath}.fact`)}
        pathIssues={issuesAt(ctx.issues, `${ipath}.path`)}
        onChange={(f, p) => {
          const adapted = adaptLeaf(leaf, { fact: f, path: p });
          // Typing a fact name by hand is a burst; picking from the list is one step.
          set({ fact: f, path: p, ...adapted }, key("fact"));
        }}
      />
      <OperatorSelect
        operator={leaf.operator}
        offered={offered}
        locale={ctx.locale}
        issues={issuesAt(ctx.issues, `${ipath}.operator`)}
        onChange={(op) => {
          const adapted = adaptLeaf({ ...leaf, operator: op }, { fact: leaf.fact, path: leaf.path });
          set({ operator: op, value: adapted.value });
        }}
      />
      <ValueInput
        fact={fact}
        operator={leaf.operator}
        value={leaf.value as JsonValue}
        locale={ctx.locale}
        issues={issuesUnder(ctx.issues, `${ipath}.value`)}
        onChange={(v) => set({ value: v }, key("value"))}
      />
      <IssueLines issues={rest} locale={ctx.locale} />
    </div>
  );
}
