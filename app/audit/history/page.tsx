import type { Metadata } from "next";
import Link from "next/link";
import { TRPCError } from "@trpc/server";
import { Badge } from "@/app/_components/badges";
import { ChangesTable } from "@/app/_components/field-changes";
import { PageHeader } from "@/app/_components/page-header";
import { fmt, formatDateTime, type Messages, type UiLocale } from "@/app/_i18n";
import { getI18n } from "@/app/_i18n/server";
import { serverApi } from "@/app/_server/trpc/server";
import type { FieldIssue } from "@/app/_server/errors";
import type { JsonValue } from "@/schemas";
import type { HistoryEntry, HistoryPage } from "@/schemas/history";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.history.audit.title };
}

const FILTERS = ["entity", "entityId", "action", "actor", "from", "to"] as const;
type Filter = (typeof FILTERS)[number];

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Every configuration change, newest first, with its before/after diff. Filters live in the URL so a view can be shared. */
export default async function HistoryPageView({ searchParams }: Props) {
  const sp = await searchParams;
  const { t, locale } = await getI18n();
  const th = t.history.audit;
  const one = (k: string) => {
    const v = sp[k];
    const s = Array.isArray(v) ? v[0] : v;
    return s && s.trim() ? s.trim() : undefined;
  };
  const filters: Partial<Record<Filter, string>> = {};
  for (const f of FILTERS) {
    const v = one(f);
    if (v) filters[f] = v;
  }
  const cursor = one("cursor");

  const api = serverApi();
  const facets = await api.audit.facets();
  let page: HistoryPage | null = null;
  let issues: FieldIssue[] = [];
  try {
    page = await api.audit.history({ ...filters, ...(cursor ? { cursor } : {}), limit: 25 });
  } catch (e) {
    if (!(e instanceof TRPCError && e.code === "BAD_REQUEST")) throw e;
    const cause = e.cause as { issues?: FieldIssue[] } | undefined;
    issues = cause?.issues ?? [{ path: "", message: e.message }];
  }
  const qs = (extra: Record<string, string>) => {
    const p = new URLSearchParams({ ...(filters as Record<string, string>), ...extra });
    const s = p.toString();
    return s ? `?${s}` : "";
  };
  const filtered = Object.keys(filters).length > 0;

  return (
    <>
      <PageHeader title={th.title} intro={th.intro} />

      <form method="get" className="card card-pad filter-bar" aria-label={th.filters} role="search">
        {/* Set by links such as a playbook's "change history"; kept while the other filters change. */}
        {filters.entityId && (
          <label>
            <span>{th.entityId}</span>
            <input type="text" name="entityId" defaultValue={filters.entityId} />
          </label>
        )}
        <label>
          <span>{th.entity}</span>
          <select name="entity" defaultValue={filters.entity ?? ""}>
            <option value="">{th.any}</option>
            {facets.entities.map((e) => (
              <option key={e} value={e}>
                {(th.entities as Record<string, string>)[e] ?? e}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{th.action}</span>
          <select name="action" defaultValue={filters.action ?? ""}>
            <option value="">{th.any}</option>
            {facets.actions.map((a) => (
              <option key={a} value={a}>
                {actionLabel(a, th)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{th.actor}</span>
          <select name="actor" defaultValue={filters.actor ?? ""}>
            <option value="">{th.any}</option>
            {facets.actors.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{th.from}</span>
          <input type="date" name="from" defaultValue={filters.from?.slice(0, 10) ?? ""} />
        </label>
        <label>
          <span>{th.to}</span>
          <input type="date" name="to" defaultValue={filters.to?.slice(0, 10) ?? ""} />
        </label>
        <div className="filter-actions">
          <button type="submit" className="btn btn-primary">
            {th.apply}
          </button>
          {filtered && (
            <Link href="/audit/history" className="btn btn-ghost">
              {th.clear}
            </Link>
          )}
        </div>
      </form>

      {issues.length > 0 && (
        <div className="inline-alert" role="alert">
          <p>{th.badFilter}</p>
          <ul>
            {issues.map((i, k) => (
              <li key={k}>
                {i.path && <code>{i.path}</code>} {i.message}
              </li>
            ))}
          </ul>
        </div>
      )}

      {page && page.items.length === 0 && <p className="empty">{filtered ? th.emptyFiltered : th.empty}</p>}
      {page && page.items.length > 0 && (
        <ol className="history-list" aria-label={th.title}>
          {page.items.map((e) => (
            <li key={e.id}>
              <HistoryCard entry={e} t={t} locale={locale} />
            </li>
          ))}
        </ol>
      )}

      {page && (cursor || page.nextCursor) && (
        <nav className="pager" aria-label={th.pages}>
          {cursor && (
            <Link href={`/audit/history${qs({})}`} className="btn">
              ↑ {th.newest}
            </Link>
          )}
          {page.nextCursor && (
            <Link href={`/audit/history${qs({ cursor: page.nextCursor })}`} className="btn" rel="next">
              {th.older} ↓
            </Link>
          )}
        </nav>
      )}
    </>
  );
}

function actionLabel(action: string, th: Messages["history"]["audit"]): string {
  return (th.actions as Record<string, string>)[action] ?? action;
}

function HistoryCard({ entry: e, t, locale }: { entry: HistoryEntry; t: Messages; locale: UiLocale }) {
  const th = t.history.audit;
  const pb = e.playbook;
  const pbHref = (v: number) => `/playbooks/${encodeURIComponent(e.entityId)}/versions/${v}`;
  const why = whyOf(e.after);
  return (
    <article className="card history-entry" aria-labelledby={`h-${e.id}`} data-action={e.action}>
      <header className="card-header">
        <h2 id={`h-${e.id}`} className="card-title">
          <Badge tone={e.entity === "playbook" ? "accent" : "neutral"}>{(th.entities as Record<string, string>)[e.entity] ?? e.entity}</Badge> {actionLabel(e.action, th)}{" "}
          {e.entity === "playbook" ? <Link href={`/playbooks/${encodeURIComponent(e.entityId)}`}>{e.entityId}</Link> : <code>{e.entityId}</code>}
        </h2>
        <p className="history-who sub">
          {th.by} <code data-testid="actor">{e.actor}</code> ·{" "}
          <time dateTime={e.at} suppressHydrationWarning>
            {formatDateTime(e.at, locale)}
          </time>
        </p>
      </header>
      <div className="card-pad stack">
        {why && (
          <p className="history-why">
            <strong>{th.comment}:</strong> <q>{why}</q>
          </p>
        )}
        {pb && (
          <>
            <p>
              {pb.from ? (
                <>
                  <Link href={pbHref(pb.from.version)}>{fmt(t.common.version, { n: pb.from.version })}</Link> →{" "}
                </>
              ) : (
                <>{th.firstVersion} </>
              )}
              {pb.to && <Link href={pbHref(pb.to.version)}>{fmt(t.common.version, { n: pb.to.version })}</Link>}
            </p>
            <RuleDiff entry={e} t={t} locale={locale} />
          </>
        )}
        {e.decisionsUnder && (
          <p className="decisions-under">
            <strong>{th.decisionsUnder}:</strong>{" "}
            <Link href={`/audit/decisions?playbook=${encodeURIComponent(e.decisionsUnder.playbookId)}&version=${e.decisionsUnder.version}`} data-testid="decisions-under">
              {fmt(th.decisionsCount, { n: e.decisionsUnder.count })}
            </Link>
          </p>
        )}
        {!pb && e.changes.length > 0 && <ChangesTable changes={e.changes} t={t} />}
        <details className="disclosure">
          <summary>{th.rawDiff}</summary>
          <div className="diff-json">
            <div>
              <h3 className="mini-title">{th.before}</h3>
              <pre className="json">{JSON.stringify(e.before, null, 2)}</pre>
            </div>
            <div>
              <h3 className="mini-title">{th.after}</h3>
              <pre className="json">{JSON.stringify(e.after, null, 2)}</pre>
            </div>
          </div>
        </details>
      </div>
    </article>
  );
}

/** The comment or reason a lifecycle change carries (publish, rollback, approval, withdrawal). */
function whyOf(after: JsonValue | null): string | null {
  if (typeof after !== "object" || after === null || Array.isArray(after)) return null;
  const v = after.comment ?? after.reason;
  return typeof v === "string" && v.trim() ? v : null;
}

function RuleDiff({ entry: e, t, locale }: { entry: HistoryEntry; t: Messages; locale: UiLocale }) {
  const th = t.history.audit;
  const pb = e.playbook;
  if (!pb) return null;
  const { added, removed, changed } = pb.rules;
  if (!added.length && !removed.length && !changed.length && !pb.document.length) return <p className="muted">{th.noDocChange}</p>;
  const ruleLink = (id: string, name: string, v: number | undefined) =>
    v ? <Link href={`/playbooks/${encodeURIComponent(e.entityId)}/versions/${v}#rule-${encodeURIComponent(id)}`}>{name}</Link> : name;
  return (
    <div className="rule-diff">
      {added.length > 0 && (
        <section>
          <h3 className="mini-title">{fmt(th.rulesAdded, { n: added.length })}</h3>
          <ul className="plain-list">
            {added.map((r) => (
              <li key={r.id} className="diff-added">
                <span aria-hidden="true">+ </span>
                {ruleLink(r.id, r.name, pb.to?.version)} <code className="sub">{r.id}</code>
              </li>
            ))}
          </ul>
        </section>
      )}
      {removed.length > 0 && (
        <section>
          <h3 className="mini-title">{fmt(th.rulesRemoved, { n: removed.length })}</h3>
          <ul className="plain-list">
            {removed.map((r) => (
              <li key={r.id} className="diff-removed">
                <span aria-hidden="true">− </span>
                {ruleLink(r.id, r.name, pb.from?.version)} <code className="sub">{r.id}</code>
              </li>
            ))}
          </ul>
        </section>
      )}
      {changed.length > 0 && (
        <section>
          <h3 className="mini-title">{fmt(th.rulesChanged, { n: changed.length })}</h3>
          <ul className="plain-list">
            {changed.map((r) => (
              <li key={r.id} className="diff-changed">
                <span aria-hidden="true">~ </span>
                {ruleLink(r.id, r.name, pb.to?.version)} <code className="sub">{r.id}</code>
                <ChangesTable changes={r.changes} t={t} />
              </li>
            ))}
          </ul>
        </section>
      )}
      {pb.document.length > 0 && (
        <section>
          <h3 className="mini-title">{th.documentChanged}</h3>
          <ChangesTable changes={pb.document} t={t} />
        </section>
      )}
    </div>
  );
}
