import type { ReactNode } from "react";

/** A definition list of label → value rows (outcomes, case facts). Server and client safe. */
export function KeyValueList({ rows, className = "kv" }: { rows: readonly (readonly [string, ReactNode])[]; className?: string }) {
  return (
    <dl className={className}>
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
