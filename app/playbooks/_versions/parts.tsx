// Small shared pieces of the version lifecycle views: the state badge, who did it, the backtest line.
// No hooks: server pages render them too.
import Link from "next/link";
import { Badge } from "@/app/_components/badges";
import { LocalTime } from "@/app/_components/local-time";
import { fmt, type Messages, type UiLocale } from "@/app/_i18n";
import type { VersionState } from "@/schemas";
import type { ApprovalRequest, BacktestInfo } from "@/schemas/lifecycle";
import type { VersionMessages } from "./messages";

const STATE_TONE: Record<VersionState, "ok" | "info" | "warn" | "danger" | "accent" | "muted" | "neutral"> = {
  published: "ok",
  scheduled: "info",
  awaiting_approval: "warn",
  approved: "accent",
  rejected: "danger",
  validated: "neutral",
  draft: "muted",
  superseded: "muted",
  rolled_back: "muted",
};

export function StateBadge({ state, t }: { state: VersionState; t: Messages }) {
  return <Badge tone={STATE_TONE[state]}>{t.playbook.versionStates[state]}</Badge>;
}

/** An audit actor string for people: "user:ana@x" → "ana@x"; keys and the scheduler in words. */
export function actorName(actor: string, m: VersionMessages): string {
  if (actor.startsWith("user:")) return actor.slice(5);
  if (actor.startsWith("api_key:")) return fmt(m.actor.apiKey, { prefix: actor.slice(8) });
  if (actor === "system:scheduler") return m.actor.scheduler;
  return actor;
}

export function formatCount(n: number, locale: UiLocale): string {
  return n.toLocaleString(locale === "es" ? "es-MX" : "en-US");
}

export const versionHref = (playbookId: string, n: number) => `/playbooks/${encodeURIComponent(playbookId)}/versions/${n}`;

/** "Backtest: 312 de 10 000 casos cambian", linking to the version's backtest panel. */
export function BacktestLine({ backtest, playbookId, version, m, locale, link = true }: { backtest: BacktestInfo | null; playbookId: string; version: number; m: VersionMessages; locale: UiLocale; link?: boolean }) {
  if (!backtest) return <span className="muted">{m.backtest.none}</span>;
  const s = backtest.summary;
  return (
    <span data-testid="backtest-summary">
      {fmt(m.backtest.summary, { changed: formatCount(s.changed, locale), compared: formatCount(s.compared, locale) })}
      {s.errors > 0 && <> · {fmt(m.backtest.errors, { n: formatCount(s.errors, locale) })}</>}
      {link && (
        <>
          {" "}
          · <Link href={`${versionHref(playbookId, version)}#backtest`}>{m.backtest.open}</Link>
        </>
      )}
    </span>
  );
}

const APPROVAL_TONE = { pending: "warn", approved: "ok", rejected: "danger", withdrawn: "muted" } as const;

/** An approval request: pending (who asked, when, why) or decided (who, when, their comment; and who asked). */
export function ApprovalText({ approval: a, m, locale }: { approval: ApprovalRequest; m: VersionMessages; locale: UiLocale }) {
  const decided = a.status !== "pending" && a.decidedBy !== null && a.decidedAt !== null;
  const comment = a.status === "pending" ? a.comment : a.decisionComment;
  return (
    <div data-testid="approval" data-status={a.status}>
      <p>
        <Badge tone={APPROVAL_TONE[a.status]}>{m.approval.statuses[a.status]}</Badge>{" "}
        {fmt(m.approval[a.status], { who: actorName(decided ? (a.decidedBy ?? "") : a.requestedBy, m) })} · <LocalTime iso={decided ? (a.decidedAt ?? "") : a.requestedAt} locale={locale} />
      </p>
      {comment && <blockquote className="lc-quote">{comment}</blockquote>}
      {decided && (
        <p className="sub">
          {fmt(m.approval.pending, { who: actorName(a.requestedBy, m) })} · <LocalTime iso={a.requestedAt} locale={locale} />
          {a.comment && (
            <>
              : <q>{a.comment}</q>
            </>
          )}
        </p>
      )}
    </div>
  );
}
