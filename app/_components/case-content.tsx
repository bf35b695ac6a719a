import type { Messages } from "@/app/_i18n";
import type { CaseInput, JsonValue } from "@/schemas";

/** The customer's message, profile and attributes, as shown on the decision and case pages. */
export function CaseContent({ input, t }: { input: CaseInput; t: Messages }) {
  return (
    <>
      {input.subject && (
        <p>
          <span className="rule-label">{t.decision.subject}</span> {input.subject}
        </p>
      )}
      <blockquote className="case-text" aria-label={t.decision.text} lang={input.language}>
        {input.text}
      </blockquote>
      <h3 className="mini-title">{t.decision.customer}</h3>
      <KeyValues obj={input.customer as Record<string, JsonValue | undefined>} />
      {input.attributes && Object.keys(input.attributes).length > 0 && (
        <>
          <h3 className="mini-title">{t.decision.attributes}</h3>
          <KeyValues obj={input.attributes as Record<string, JsonValue | undefined>} />
        </>
      )}
    </>
  );
}

export function KeyValues({ obj }: { obj: Record<string, JsonValue | undefined> }) {
  return (
    <dl className="kv">
      {Object.entries(obj)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{typeof v === "string" ? v : JSON.stringify(v)}</dd>
          </div>
        ))}
    </dl>
  );
}
