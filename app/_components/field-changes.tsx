// Changed fields side by side, the old value struck through and the new one highlighted: the
// configuration history's entries and the version comparison.
import type { Messages } from "@/app/_i18n";
import type { JsonValue } from "@/schemas";
import type { FieldChange } from "@/schemas/history";

function show(v: JsonValue | undefined, t: Messages): React.ReactNode {
  if (v === undefined) return <span className="muted">{t.history.audit.absent}</span>;
  return <code>{typeof v === "string" ? v : JSON.stringify(v)}</code>;
}

export function ChangesTable({ changes, t }: { changes: FieldChange[]; t: Messages }) {
  const th = t.history.audit;
  return (
    <div className="table-wrap">
      <table className="table diff-table">
        <thead>
          <tr>
            <th scope="col">{th.field}</th>
            <th scope="col">{th.before}</th>
            <th scope="col">{th.after}</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((c) => (
            <tr key={c.path}>
              <th scope="row">
                <code>{c.path}</code>
              </th>
              <td className="diff-before">{c.before === undefined ? show(undefined, t) : <del>{show(c.before, t)}</del>}</td>
              <td className="diff-after">{c.after === undefined ? show(undefined, t) : <ins>{show(c.after, t)}</ins>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
