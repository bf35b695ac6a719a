import type { Messages, UiLocale } from "@/app/_i18n";
import { describeLeaf } from "@/engine/explain";
import type { Condition } from "@/schemas";
import { SentenceText } from "./sentence";

/** A rule's conditions (not yet evaluated) in words, nested the way they are written. */
export function ConditionView({ condition, t, locale }: { condition: Condition; t: Messages; locale: UiLocale }) {
  if ("fact" in condition) {
    return (
      <span className="cond-leaf">
        <SentenceText sentence={describeLeaf(condition, locale)} />
      </span>
    );
  }
  if ("condition" in condition) {
    return (
      <span className="cond-leaf">
        {t.playbook.ref} <code className="s-field">{condition.condition}</code>
      </span>
    );
  }
  if ("not" in condition) {
    return (
      <div className="cond-group">
        <span className="cond-kind">{t.playbook.not}</span>
        <ul>
          <li>
            <ConditionView condition={condition.not} t={t} locale={locale} />
          </li>
        </ul>
      </div>
    );
  }
  const [kind, list] = "all" in condition ? (["all", condition.all] as const) : (["any", condition.any] as const);
  // One condition under all/any reads better without its group heading.
  if (list.length === 1 && list[0]) return <ConditionView condition={list[0]} t={t} locale={locale} />;
  return (
    <div className="cond-group">
      <span className="cond-kind">{t.playbook[kind]}</span>
      <ul>
        {list.map((c, i) => (
          <li key={i}>
            <ConditionView condition={c} t={t} locale={locale} />
          </li>
        ))}
      </ul>
    </div>
  );
}
