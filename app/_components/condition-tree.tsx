import type { Messages, UiLocale } from "@/app/_i18n";
import { describeLeaf, formatValue, translateReason } from "@/engine/explain";
import type { ConditionTrace } from "@/schemas";
import { SentenceText } from "./sentence";

type Mark = "pass" | "fail" | "skipped" | "error";

function markOf(c: ConditionTrace): Mark {
  if ("error" in c && c.error) return "error";
  if (!c.evaluated) return "skipped";
  // Evaluated without a result: something below it threw.
  if (c.result === undefined) return "error";
  return c.result ? "pass" : "fail";
}

const SYMBOL: Record<Mark, string> = { pass: "✓", fail: "✗", skipped: "–", error: "!" };

function Marker({ mark, t }: { mark: Mark; t: Messages }) {
  return (
    <span className={`mark mark-${mark}`}>
      <span aria-hidden="true">{SYMBOL[mark]}</span>
      <span className="sr-only">{t.decision.tree[mark]}</span>
    </span>
  );
}

/** Nodes to point out: the first that failed, and the ones that made a rule fire (paths from why.ts). */
export interface TreeHighlight {
  firstFail?: string;
  reasons?: ReadonlySet<string>;
}

/** A traced condition as a nested list, each node marked pass / fail / not evaluated / error. */
export function ConditionTree({ node, t, locale, highlight }: { node: ConditionTrace; t: Messages; locale: UiLocale; highlight?: TreeHighlight }) {
  return (
    <ul className="ctree">
      <ConditionNode node={node} t={t} locale={locale} path="" highlight={highlight} />
    </ul>
  );
}

function HighlightNote({ path, highlight, t }: { path: string; highlight?: TreeHighlight; t: Messages }) {
  if (highlight?.firstFail === path) return <span className="ctree-flag is-first-fail">{t.history.why.firstFailFlag}</span>;
  if (highlight?.reasons?.has(path)) return <span className="ctree-flag is-reason">{t.history.why.reasonFlag}</span>;
  return null;
}

function hlClass(path: string, highlight?: TreeHighlight): string {
  if (highlight?.firstFail === path) return " is-first-fail";
  if (highlight?.reasons?.has(path)) return " is-reason";
  return "";
}

function ConditionNode({ node, t, locale, path, highlight }: { node: ConditionTrace; t: Messages; locale: UiLocale; path: string; highlight?: TreeHighlight }) {
  const mark = markOf(node);
  const skipped = !node.evaluated && node.skippedReason ? <span className="ctree-note">{translateReason(node.skippedReason, locale)}</span> : null;
  if (node.type === "fact") {
    return (
      <li className={`ctree-leaf is-${mark}${hlClass(path, highlight)}`} data-path={path}>
        <Marker mark={mark} t={t} />
        <span className="ctree-body">
          <HighlightNote path={path} highlight={highlight} t={t} />
          <SentenceText sentence={describeLeaf(node, locale)} />
          {node.evaluated && (
            <span className="ctree-seen">
              {t.decision.tree.saw}: <code>{formatValue(node.factValue, locale)}</code>
              {node.valueResult !== undefined && (
                <>
                  {" · "}
                  {t.decision.tree.expected}: <code>{formatValue(node.valueResult, locale)}</code>
                </>
              )}
            </span>
          )}
          {node.error && <span className="ctree-error">{node.error}</span>}
          {skipped}
        </span>
      </li>
    );
  }
  const label = node.type === "ref" ? t.decision.tree.ref : t.decision.tree[node.type];
  const children = "children" in node ? node.children : node.child ? [node.child] : [];
  return (
    <li className={`ctree-group is-${mark}${hlClass(path, highlight)}`} data-path={path}>
      <Marker mark={mark} t={t} />
      <span className="ctree-body">
        <HighlightNote path={path} highlight={highlight} t={t} />
        <span className="ctree-kind">{label}</span>
        {node.type === "ref" && <code className="s-field">{node.condition}</code>}
        {node.name && <span className="ctree-note">{node.name}</span>}
        {"error" in node && node.error && <span className="ctree-error">{node.error}</span>}
        {skipped}
      </span>
      {children.length > 0 && (
        <ul>
          {children.map((c, i) => (
            <ConditionNode key={i} node={c} t={t} locale={locale} path={path === "" ? String(i) : `${path}.${i}`} highlight={highlight} />
          ))}
        </ul>
      )}
    </li>
  );
}

