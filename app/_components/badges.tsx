import type { Messages } from "@/app/_i18n";

type Tone = "neutral" | "ok" | "warn" | "danger" | "info" | "muted" | "accent";

export function Badge({ tone = "neutral", children, title }: { tone?: Tone; children: React.ReactNode; title?: string }) {
  return (
    <span className={`badge badge-${tone}`} title={title}>
      {children}
    </span>
  );
}

const PRIORITY_TONE: Record<string, Tone> = { urgent: "danger", high: "warn", normal: "info", low: "muted" };

export function PriorityBadge({ priority, t }: { priority?: string | null; t: Messages }) {
  if (!priority) return <span className="muted">{t.common.none}</span>;
  const label = (t.priorities as Record<string, string>)[priority] ?? priority;
  return <Badge tone={PRIORITY_TONE[priority] ?? "neutral"}>{label}</Badge>;
}

/** Complete / partial / no rule applied, for a decision. */
export function DecisionStatusBadge({ partial, matched, t }: { partial: boolean; matched: boolean; t: Messages }) {
  if (partial) return <Badge tone="danger">{t.status.partial}</Badge>;
  if (!matched) return <Badge tone="muted">{t.status.noMatch}</Badge>;
  return <Badge tone="ok">{t.status.ok}</Badge>;
}

const RULE_TONE: Record<string, Tone> = { fired: "ok", not_fired: "muted", error: "danger", skipped: "neutral", disabled: "neutral" };

export function RuleStatusBadge({ status, t }: { status: string; t: Messages }) {
  const label = (t.ruleStatus as Record<string, string>)[status] ?? status;
  return <Badge tone={RULE_TONE[status] ?? "neutral"}>{label}</Badge>;
}

export function ChannelTag({ channel }: { channel?: string | null }) {
  if (!channel) return <span className="muted">—</span>;
  return (
    <span className={`channel channel-${channel}`}>
      <span className="channel-dot" aria-hidden="true" />
      {channel}
    </span>
  );
}

/** The rules that fired, as chips (feed and search results). */
export function RuleChips({ rules, t }: { rules: readonly { playbookId: string; ruleId: string }[]; t: Messages }) {
  if (rules.length === 0) return <span className="muted">{t.common.none}</span>;
  return (
    <ul className="chips">
      {rules.map((f) => (
        <li key={`${f.playbookId}/${f.ruleId}`} className="chip" title={f.playbookId}>
          {f.ruleId}
        </li>
      ))}
    </ul>
  );
}
