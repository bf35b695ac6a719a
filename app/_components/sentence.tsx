import Link from "next/link";
import type { Sentence } from "@/engine/explain";

/**
 * Renders an explanation sentence: names emphasised, fields and values as code. `nameHref` links
 * the sentence's first name (a rule sentence's subject) to where it is defined.
 */
export function SentenceText({ sentence, nameHref }: { sentence: Sentence; nameHref?: string }) {
  const firstName = nameHref ? sentence.segments.findIndex((s) => s.kind === "name") : -1;
  return (
    <>
      {sentence.segments.map((s, i) => {
        switch (s.kind) {
          case "name":
            if (i === firstName && nameHref)
              return (
                <Link key={i} href={nameHref} className="s-name s-name-link">
                  {s.text}
                </Link>
              );
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
