import type { Sentence } from "@/engine/explain";

/** Renders an explanation sentence: names emphasised, fields and values as code. */
export function SentenceText({ sentence }: { sentence: Sentence }) {
  return (
    <>
      {sentence.segments.map((s, i) => {
        switch (s.kind) {
          case "name":
            return (
              <strong key={i} className="s-name">
                {s.text}
              </strong>
            );
          case "field":
            return (
              <code key={i} className="s-field">
                {s.text}
              </code>
            );
          case "value":
            return (
              <code key={i} className="s-value">
                {s.text}
              </code>
            );
          case "op":
            return (
              <span key={i} className="s-op">
                {s.text}
              </span>
            );
          default:
            return <span key={i}>{s.text}</span>;
        }
      })}
    </>
  );
}
