// Escalation latency benchmark (`npm run bench:escalation`): how late a timed escalation acts after
// its due time. Zendesk runs time-based automations once an hour and Salesforce escalation rules
// every 15 minutes, so an SLA step waits on average half that interval (worst case, all of it);
// Pauta's scheduler claims due timer rows every 500 ms. The bench ingests BENCH_CASES cases through
// the real intake into a fresh SQLite file, each with an SLA clock whose warning and breach fall due
// spread over BENCH_SPREAD_S seconds, runs the app's own scheduler loop on the real clock,
// and measures, for every ladder decision, decidedAt − dueAt. It prints the distribution and the
// ratio of each peer's average lateness to Pauta's. Environment: BENCH_CASES (1000), BENCH_SPREAD_S (20).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { count, eq } from "drizzle-orm";
import { openDb } from "@/app/_server/db/client";
import { decisions } from "@/app/_server/db/schema";
import { startScheduler } from "@/app/_server/scheduler";
import { ingestCase } from "@/app/_server/services/cases";
import { importPlaybook } from "@/app/_server/services/playbooks";
import { addSlaTime, compileCalendar, slaTimeBetween } from "@/engine";
import { BusinessCalendar, Decision } from "@/schemas";
import { SLA_ACCOUNT, slaEscalationPlaybook, slaRoutingPlaybook } from "@/tests/support/playbooks";
import { envInt } from "./env";

const N = envInt("BENCH_CASES", 1000);
const SPREAD_S = envInt("BENCH_SPREAD_S", 20);
const TARGET_MIN = 1; // calendar-time first response: warning at 48 s, breach at 60 s after receivedAt

const dir = mkdtempSync(path.join(tmpdir(), "pauta-bench-escalation-"));
const { db, sqlite } = openDb(path.join(dir, "pauta.db"));
const ctx = { db };

const escalation = slaEscalationPlaybook();
escalation.slaPolicies = [{ id: "whatsapp-vip", name: "VIP 1 min", time: "calendar", targets: [{ channels: ["whatsapp"], firstResponseMinutes: TARGET_MIN }] }] as never;
for (const document of [slaRoutingPlaybook(), escalation]) importPlaybook(ctx, { document, actor: "user:bench", comment: "escalation bench", publish: true });

// receivedAt is set so that the warnings (48 s into the minute) fall due spread over SPREAD_S
// seconds, starting once intake is surely over (10 ms a case, at least 10 s), and each breach 12 s
// after its warning. The scheduler runs from the start, as in a server taking traffic.
const stop = startScheduler(ctx);
const t0 = Date.now();
const firstWarning = t0 + Math.max(10_000, N * 10);
for (let i = 0; i < N; i++) {
  const warningAt = firstWarning + (i / N) * SPREAD_S * 1000;
  const receivedAt = new Date(warningAt - 0.8 * TARGET_MIN * 60_000).toISOString();
  await ingestCase(ctx, { externalId: `bench-${i}`, channel: "whatsapp", receivedAt, text: "Necesito ayuda", customer: { id: `c${i}`, tier: "vip" }, attributes: { account: SLA_ACCOUNT } });
}
const ingested = Date.now();

const expected = 2 * N;
// Polling with a count (not the rows): the bench shares the scheduler's thread, as a request would.
const fired = () => db.select({ n: count() }).from(decisions).where(eq(decisions.subject, "timer")).get()!.n;
while (fired() < expected && Date.now() < ingested + (SPREAD_S + 30) * 1000) await new Promise((r) => setTimeout(r, 250));
stop();
const timed = () => db.select({ d: decisions.decision }).from(decisions).where(eq(decisions.subject, "timer")).all();

const late: number[] = [];
let dueBeforeIntakeEnded = 0;
for (const r of timed()) {
  const d = Decision.parse(JSON.parse(r.d));
  if (d.context?.type !== "sla_step") continue;
  const due = Date.parse(d.context.dueAt);
  // A step already due while intake was still running measures the intake, not the scheduler.
  if (due < ingested) {
    dueBeforeIntakeEnded++;
    continue;
  }
  late.push(Date.parse(d.decidedAt) - due);
}
late.sort((a, b) => a - b);
const q = (p: number) => late[Math.min(late.length - 1, Math.floor(p * late.length))] ?? NaN;
const mean = late.reduce((s, x) => s + x, 0) / late.length;

const peers = [
  { name: "Zendesk time-based automations (hourly)", meanMs: 30 * 60_000, worstMs: 60 * 60_000 },
  { name: "Salesforce escalation rules (every 15 min)", meanMs: 7.5 * 60_000, worstMs: 15 * 60_000 },
];
console.log(`escalation bench: ${N} cases, ${fired()}/${expected} ladder decisions, ${late.length} measured (${dueBeforeIntakeEnded} were due during intake and are left out)`);
console.log(`Pauta lateness (decidedAt − dueAt): mean ${mean.toFixed(0)} ms · p50 ${q(0.5)} ms · p95 ${q(0.95)} ms · p99 ${q(0.99)} ms · max ${late[late.length - 1]} ms`);
for (const p of peers) {
  console.log(`  vs ${p.name}: mean ${(p.meanMs / 1000).toFixed(0)} s → ${(p.meanMs / mean).toFixed(0)}× sooner on average; worst ${(p.worstMs / 1000).toFixed(0)} s → ${(p.worstMs / late[late.length - 1]!).toFixed(0)}× sooner in the worst case`);
}
// The business-time arithmetic each clock change does: a 48-hour business target and a 30-day span
// on a freshly compiled Mon–Fri calendar with US holidays (nothing of its days cached).
const calendar = BusinessCalendar.parse({ id: "us", name: "US", timeZone: "America/New_York", country: "US", hours: Object.fromEntries(["mon", "tue", "wed", "thu", "fri"].map((d) => [d, [{ from: "09:00", to: "17:00" }]])) });
const HOUR = 3_600_000;
const c0 = performance.now();
for (let i = 0; i < 300; i++) {
  const c = compileCalendar(calendar);
  const start = new Date(Date.parse("2026-01-01T00:00:00Z") + ((i * 7919) % 300) * 24 * HOUR);
  addSlaTime(c, start, 48 * HOUR);
  slaTimeBetween(c, start, new Date(start.getTime() + 30 * 24 * HOUR));
}
console.log(`business time: ${((performance.now() - c0) / 300).toFixed(3)} ms per 48-hour target + 30-day span on a fresh calendar`);
sqlite.close();
rmSync(dir, { recursive: true, force: true });
