import type { Metadata } from "next";
import Link from "next/link";
import { TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { NotAllowed } from "@/app/_components/account";
import { PageHeader } from "@/app/_components/page-header";
import { getI18n } from "@/app/_i18n/server";
import { can, requiredFor } from "@/app/_server/auth/permissions";
import { requireSession } from "@/app/_server/auth/server";
import { ServiceError, zodIssues, type FieldIssue } from "@/app/_server/errors";
import { serverApi } from "@/app/_server/trpc/server";
import { Channel, Priority, type DecisionSummary } from "@/schemas";
import { ExportPanel } from "./export-panel";
import { SearchResults } from "./search-results";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getI18n()).t.search.title };
}

/** Text filters, in form order; the URL carries exactly these names so a search can be shared. */
const TEXT = ["externalId", "caseId", "customerId", "playbook", "version", "rule", "ruleNotFired", "queue", "tag"] as const;
const SELECT = ["channel", "priority"] as const;
const DATES = ["from", "to"] as const;
const NAMES = [...TEXT, ...SELECT, ...DATES, "partial"] as const;

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The auditor's decision search: filters in the URL, first page server-rendered, more by cursor, full export. */
export default async function DecisionSearchPage({ searchParams }: Props) {
  const { t, locale } = await getI18n();
  const ts = t.search;
  const session = await requireSession();
  const actor = { kind: "user" as const, user: session.user };
  if (!can(actor, "decisions.read"))
    return (
      <>
        <PageHeader title={ts.title} intro={ts.intro} />
        <NotAllowed role={t.roles[session.user.role]} roles={requiredFor("decisions.read").roles.map((r) => t.roles[r]).join(", ")} />
      </>
    );

  const sp = await searchParams;
  const filters: Record<string, string> = {};
  for (const name of NAMES) {
    const v = sp[name];
    const s = (Array.isArray(v) ? v[0] : v)?.trim();
    if (s) filters[name] = s;
  }
  // An unchecked box sends nothing: "errors only" is partial=true or no filter at all.
  if (filters.partial && filters.partial !== "true") delete filters.partial;

  let first: { items: DecisionSummary[]; nextCursor: string | null } | null = null;
  let total: { count: number; capped: boolean } | null = null;
  let issues: FieldIssue[] = [];
  try {
    const api = serverApi();
    first = await api.decisions.search({ ...filters, limit: 50 });
    total = await api.decisions.count(filters);
  } catch (e) {
    if (!(e instanceof TRPCError && e.code === "BAD_REQUEST")) throw e;
    // tRPC's own input check fails with a ZodError; the service's with a ServiceError: both name the fields.
    if (e.cause instanceof ZodError) issues = zodIssues(e.cause);
    else if (e.cause instanceof ServiceError) issues = e.cause.issues;
    if (!issues.length) issues = [{ path: "", message: e.message }];
  }
  const filtered = Object.keys(filters).length > 0;
  const invalid = new Set(issues.map((i) => i.path.split(".")[0]));
  const field = (name: string) => ({ id: `f-${name}`, name, "aria-invalid": invalid.has(name) || undefined });

  return (
    <>
      <PageHeader title={ts.title} intro={ts.intro} />
      <form method="get" className="card card-pad filter-bar search-form" aria-label={ts.filters} role="search">
        {TEXT.map((name) => (
          <label key={name} htmlFor={`f-${name}`}>
            <span>{ts[name]}</span>
            <input {...field(name)} type={name === "version" ? "number" : "text"} min={name === "version" ? 1 : undefined} defaultValue={filters[name] ?? ""} />
          </label>
        ))}
        <label htmlFor="f-channel">
          <span>{ts.channel}</span>
          <select {...field("channel")} defaultValue={filters.channel ?? ""}>
            <option value="">{ts.any}</option>
            {Channel.options.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <label htmlFor="f-priority">
          <span>{ts.priority}</span>
          <select {...field("priority")} defaultValue={filters.priority ?? ""}>
            <option value="">{ts.any}</option>
            {Priority.options.map((p) => (
              <option key={p} value={p}>
                {t.priorities[p] ?? p}
              </option>
            ))}
          </select>
        </label>
        {DATES.map((name) => (
          <label key={name} htmlFor={`f-${name}`}>
            <span>{ts[name]}</span>
            <input {...field(name)} type="date" defaultValue={filters[name] ?? ""} />
          </label>
        ))}
        <label htmlFor="f-partial" className="check">
          <span>{ts.partialOnly}</span>
          <input {...field("partial")} type="checkbox" value="true" defaultChecked={filters.partial === "true"} />
        </label>
        <div className="filter-actions">
          <button type="submit" className="btn btn-primary">
            {ts.search}
          </button>
          {filtered && (
            <Link href="/audit/decisions" className="btn btn-ghost">
              {ts.clear}
            </Link>
          )}
        </div>
      </form>

      {issues.length > 0 && (
        <div className="inline-alert" role="alert">
          <p>{ts.invalid}</p>
          <ul>
            {issues.map((i, k) => (
              <li key={k}>
                {i.path && (
                  <label htmlFor={`f-${i.path.split(".")[0]}`}>
                    <code>{(ts as Record<string, string>)[i.path.split(".")[0] ?? ""] ?? i.path}</code>
                  </label>
                )}{" "}
                {i.message}
              </li>
            ))}
          </ul>
        </div>
      )}

      {first && (
        <>
          {can(actor, "decisions.export") && <ExportPanel filters={filters} total={total?.count ?? 0} />}
          <SearchResults key={JSON.stringify(filters)} filters={filters} total={total?.count ?? 0} capped={total?.capped ?? false} initial={first.items} initialCursor={first.nextCursor} locale={locale} />
        </>
      )}
    </>
  );
}
