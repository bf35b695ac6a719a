// Decision search benchmark (`npm run bench:search`): generates BENCH_DECISIONS (1,000,000) decisions
// into a fresh SQLite file migrated with Pauta's own migrations (same tables, columns and indexes),
// then times the first page (50 rows) of several searches through the real service
// (searchDecisions), median of BENCH_RUNS runs, and prints each search's query plan.
// Bar (issue #3): rule + date range first page under 100 ms. Environment: BENCH_DECISIONS,
// BENCH_RUNS, BENCH_SEED, BENCH_DB (keep the file at that path; default: a temp dir, removed).
import { createHash } from "node:crypto";
import { execSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { openDb } from "@/app/_server/db/client";
import { countDecisions, encodeCursor, exportDecisionRows, searchDecisions, searchSql } from "@/app/_server/services/decisions";
import { envInt } from "./env";
import { prng } from "@/engine/prng";

const N = envInt("BENCH_DECISIONS", 1_000_000);
const RUNS = envInt("BENCH_RUNS", 9);
const SEED = envInt("BENCH_SEED", 20261125);
const DAYS = 90;
const END = Date.parse("2026-11-25T00:00:00.000Z");
const START = END - DAYS * 86_400_000;

// Seeded: the same data on every run.
const rnd = prng(SEED);
function pick<T>(weighted: [T, number][]): T {
  let r = rnd() * weighted.reduce((s, [, w]) => s + w, 0);
  for (const [v, w] of weighted) if ((r -= w) < 0) return v;
  return weighted[weighted.length - 1]![0];
}

const CHANNELS: [string, number][] = [
  ["whatsapp", 40],
  ["email", 15],
  ["webchat", 14],
  ["messenger", 10],
  ["instagram", 8],
  ["twitter", 5],
  ["phone", 5],
  ["sms", 2],
  ["facebook", 1],
];
/** Two routing playbooks: every case runs "cx-routing"; 30% (the bank account) also run "crisis". */
interface Rule {
  id: string;
  p: number;
  queue?: string;
  priority?: string;
  tags: string[];
}
const ROUTING: Rule[] = [
  { id: "refund-request", p: 0.12, queue: "refunds", priority: "high", tags: ["refund", "money"] },
  { id: "vip-customer", p: 0.03, queue: "vip", priority: "urgent", tags: ["vip"] },
  { id: "lead-posgrado", p: 0.25, queue: "admissions", tags: ["lead"] },
  { id: "public-complaint", p: 0.02, queue: "social-care", priority: "urgent", tags: ["complaint", "public"] },
  { id: "order-status", p: 0.18, queue: "orders", priority: "normal", tags: ["order"] },
  { id: "negative-sentiment", p: 0.15, priority: "high", tags: ["negative"] },
  { id: "after-hours", p: 0.2, tags: ["after-hours"] },
  { id: "fallback", p: 1, queue: "general", priority: "low", tags: [] },
];
const CRISIS: Rule[] = [
  { id: "fraud-keyword", p: 0.01, queue: "fraud", priority: "urgent", tags: ["fraud"] },
  { id: "outage-wave", p: 0.04, queue: "incidents", priority: "high", tags: ["outage"] },
  { id: "legal-threat", p: 0.005, queue: "legal", priority: "urgent", tags: ["legal"] },
];
const VERSIONS = { "cx-routing": ["v-routing-1", "v-routing-2", "v-routing-3"], crisis: ["v-crisis-1", "v-crisis-2"] };

const dir = process.env.BENCH_DB ? path.dirname(path.resolve(process.env.BENCH_DB)) : mkdtempSync(path.join(tmpdir(), "pauta-bench-"));
const file = process.env.BENCH_DB ? path.resolve(process.env.BENCH_DB) : path.join(dir, "search.db");
rmSync(file, { force: true });
rmSync(`${file}-wal`, { force: true });
rmSync(`${file}-shm`, { force: true });

const { db, sqlite } = openDb(file);
const ctx = { db };

function generate(): void {
  // Loading is fastest without the secondary indexes: drop them (remembering their exact SQL from
  // the migrations), load in seq order, then re-create them as the schema has them.
  const indexes = sqlite
    .prepare("select name, sql from sqlite_master where type = 'index' and sql is not null and tbl_name in ('decisions','decision_rules','decision_tags','decision_playbooks','cases')")
    .all() as { name: string; sql: string }[];
  for (const i of indexes) sqlite.exec(`drop index "${i.name}"`);
  sqlite.pragma("synchronous = OFF");
  sqlite.pragma("foreign_keys = OFF");

  const insCase = sqlite.prepare(
    "insert into cases (id, source, external_id, channel, customer_id, received_at, created_at, input) values (?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const insDecision = sqlite.prepare(
    "insert into decisions (seq, id, case_id, subject, decided_at, matched, partial, queue, priority, decision, prev_hash, hash, channel, external_id, customer_id) values (?, ?, ?, 'case', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const insRule = sqlite.prepare("insert into decision_rules (decision_seq, playbook_id, rule_id, fired, decided_at) values (?, ?, ?, ?, ?)");
  const insPlaybook = sqlite.prepare("insert into decision_playbooks (decision_seq, playbook_id, version_id, decided_at) values (?, ?, ?, ?)");
  const insTag = sqlite.prepare("insert into decision_tags (decision_seq, tag, decided_at) values (?, ?, ?)");

  // The playbooks and versions the decisions name, so version-number filters resolve as in Pauta.
  const insPb = sqlite.prepare("insert into playbooks (id, kind, name, created_at, updated_at, published_version_id) values (?, 'routing', ?, ?, ?, ?)");
  const insVersion = sqlite.prepare(
    "insert into playbook_versions (id, playbook_id, version, state, document, content_hash, created_at, created_by, published_at) values (?, ?, ?, 'published', '{}', ?, ?, 'bench', ?)",
  );
  const t = new Date(START).toISOString();
  for (const [pb, versions] of Object.entries(VERSIONS)) {
    insPb.run(pb, pb, t, t, versions[versions.length - 1]);
    versions.forEach((v, i) => insVersion.run(v, pb, i + 1, createHash("sha256").update(v).digest("hex"), t, t));
  }

  let prev = "0".repeat(64);
  const step = (END - START) / N;
  const BATCH = 20_000;
  const t0 = performance.now();
  for (let from = 1; from <= N; from += BATCH) {
    sqlite.transaction(() => {
      for (let seq = from; seq < Math.min(from + BATCH, N + 1); seq++) {
        // Time advances with seq (the chain appends in time order) with jitter inside the step.
        const at = new Date(START + (seq - 1) * step + rnd() * step).toISOString();
        const channel = pick(CHANNELS);
        const customer = `cust-${Math.floor(Math.pow(rnd(), 2) * 200_000)}`;
        const ext = `ext-${seq.toString(36)}-${channel}`;
        const caseId = `case-${seq}`;
        const bank = rnd() < 0.3;
        const partial = rnd() < 0.005;
        const vIdx = Math.min(2, Math.floor(((seq - 1) / N) * 3));
        const evaluated: { pb: string; rule: Rule; fired: boolean }[] = [];
        let anyFired = false;
        for (const rule of ROUTING) {
          const fired: boolean = rule.id === "fallback" ? !anyFired : rnd() < rule.p;
          anyFired ||= fired;
          evaluated.push({ pb: "cx-routing", rule, fired });
        }
        if (bank) for (const rule of CRISIS) evaluated.push({ pb: "crisis", rule, fired: rnd() < rule.p });
        const firedRules = evaluated.filter((e) => e.fired);
        // First rule with a queue / priority wins (the "first" conflict strategy), tags collect.
        const queue = firedRules.find((e) => e.rule.queue)?.rule.queue ?? null;
        const priority = firedRules.find((e) => e.rule.priority)?.rule.priority ?? null;
        const tags = [...new Set(firedRules.flatMap((e) => e.rule.tags))];
        const playbooks = [{ playbookId: "cx-routing", versionId: VERSIONS["cx-routing"][vIdx]! }];
        if (bank) playbooks.push({ playbookId: "crisis", versionId: VERSIONS.crisis[Math.min(1, vIdx)]! });
        const id = `dec-${seq.toString(36).padStart(5, "0")}-${Math.floor(rnd() * 1e9).toString(36)}`;
        const decision = JSON.stringify({
          id,
          caseId,
          subject: "case",
          decidedAt: at,
          matched: true,
          partial,
          outcome: { queue, priority, tags },
          firedRules: firedRules.map((e) => ({ playbookId: e.pb, ruleId: e.rule.id })),
          playbooks,
        });
        const hash = createHash("sha256").update(prev + decision).digest("hex");
        insCase.run(caseId, channel, ext, channel, customer, at, at, `{"externalId":"${ext}","channel":"${channel}"}`);
        insDecision.run(seq, id, caseId, at, 1, partial ? 1 : 0, queue, priority, decision, prev, hash, channel, ext, customer);
        for (const e of evaluated) insRule.run(seq, e.pb, e.rule.id, e.fired ? 1 : 0, at);
        for (const p of playbooks) insPlaybook.run(seq, p.playbookId, p.versionId, at);
        for (const tag of tags) insTag.run(seq, tag, at);
        prev = hash;
      }
    })();
    if ((from - 1) % 200_000 === 0) process.stderr.write(`  ${from - 1} decisions (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
  }
  const tLoad = performance.now();
  for (const i of indexes) sqlite.exec(i.sql);
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("synchronous = FULL");
  const tIndex = performance.now();
  console.log(`generated ${N.toLocaleString("en")} decisions in ${((tLoad - t0) / 1000).toFixed(1)} s, indexes built in ${((tIndex - tLoad) / 1000).toFixed(1)} s`);
}

generate();
const count = (sql: string) => (sqlite.prepare(sql).get() as { n: number }).n;
console.log(
  `rows: decisions ${count("select count(*) n from decisions").toLocaleString("en")}, decision_rules ${count("select count(*) n from decision_rules").toLocaleString("en")}, decision_tags ${count("select count(*) n from decision_tags").toLocaleString("en")}, decision_playbooks ${count("select count(*) n from decision_playbooks").toLocaleString("en")}; file ${(count("select page_count * page_size n from pragma_page_count(), pragma_page_size()") / 1e6).toFixed(0)} MB`,
);

const day = (d: number) => new Date(START + d * 86_400_000).toISOString().slice(0, 10);
const someExt = (sqlite.prepare("select external_id e from decisions where seq = ?").get(Math.floor(N * 0.37)) as { e: string }).e;
const someCustomer = (sqlite.prepare("select customer_id c from decisions where seq = ?").get(Math.floor(N * 0.61)) as { c: string }).c;
const firstPage = searchDecisions(ctx, { rule: "refund-request", from: day(30), to: day(60), limit: 50 });
const lastOfPage = firstPage.items[firstPage.items.length - 1]!;

const SEARCHES: [string, Record<string, unknown>][] = [
  ["rule fired + 30-day range (mid-period)", { rule: "refund-request", from: day(30), to: day(60) }],
  ["rule fired + 30-day range, page 2 (cursor)", { rule: "refund-request", from: day(30), to: day(60), cursor: encodeCursor(lastOfPage.decidedAt, lastOfPage.seq) }],
  ["rare rule (0.5%) + 7-day range", { rule: "legal-threat", from: day(40), to: day(46) }],
  ["rule fired, playbook + no dates", { rule: "vip-customer", playbook: "cx-routing" }],
  ["external id", { externalId: someExt }],
  ["queue + channel", { queue: "refunds", channel: "instagram" }],
  ["queue + channel + 7 days", { queue: "vip", channel: "email", from: day(10), to: day(16) }],
  ["rule not fired", { ruleNotFired: "lead-posgrado" }],
  ["rule not fired + 30 days", { ruleNotFired: "vip-customer", from: day(20), to: day(50) }],
  ["tag", { tag: "complaint" }],
  ["tag + rule fired", { tag: "negative", rule: "order-status" }],
  ["customer", { customerId: someCustomer }],
  ["playbook version", { playbook: "crisis", version: 1 }],
  ["errors only (partial)", { partial: true }],
  ["priority + 1 day", { priority: "urgent", from: day(70), to: day(70) }],
  ["no filter", {}],
];

/** One plan line per table, e.g. "decision_rules: COVERING INDEX decision_rules_rule_idx". */
function plan(q: Record<string, unknown>): string {
  const { sql, params } = searchSql(ctx, { ...q, limit: 50 });
  return (sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(params as unknown[])) as { detail: string }[])
    .map((r) => r.detail.replace(/ \(.*\)$/, "").replace(/^(SEARCH|SCAN) /, ""))
    .join("; ");
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const rows: { name: string; ms: number; max: number; rows: number; total: number; countMs: number; plan: string }[] = [];
for (const [name, q] of SEARCHES) {
  const times: number[] = [];
  let got = 0;
  for (let r = 0; r < RUNS; r++) {
    const t = performance.now();
    got = searchDecisions(ctx, { ...q, limit: 50 }).items.length;
    times.push(performance.now() - t);
  }
  const t = performance.now();
  const total = countDecisions(ctx, q);
  const countMs = performance.now() - t;
  rows.push({ name, ms: median(times), max: Math.max(...times), rows: got, total, countMs, plan: plan(q) });
}

// Export: the whole result of a search through the same keyset batches the export route streams.
function timeExport(q: Record<string, unknown>): { rows: number; s: number; heapMb: number } {
  const heap0 = process.memoryUsage().heapUsed;
  let peak = heap0;
  let n = 0;
  const t = performance.now();
  for (const batch of exportDecisionRows(ctx, q)) {
    n += batch.length;
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }
  return { rows: n, s: (performance.now() - t) / 1000, heapMb: (peak - heap0) / 2 ** 20 };
}
const exports = [
  ["rule fired + 30-day range", { rule: "refund-request", from: day(30), to: day(60) }],
  ["rule not fired (75% of all)", { ruleNotFired: "lead-posgrado" }],
] as const;
const exportRows = exports.map(([name, q]) => ({ name, ...timeExport(q) }));

const cpu = cpus()[0]?.model ?? "unknown CPU";
let sqliteVersion = "";
try {
  sqliteVersion = (sqlite.prepare("select sqlite_version() v").get() as { v: string }).v;
} catch {
  /* reported as empty */
}
const machine = `${cpu}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GB RAM, Node ${process.version}, SQLite ${sqliteVersion} (better-sqlite3), ${execSync("uname -sr").toString().trim()}`;
console.log(`\n${machine}\nfirst page of 50, median of ${RUNS} runs (warm cache), through searchDecisions():\n`);
console.log("| search | first page (median ms) | max ms | rows | matching | count ms | plan |");
console.log("|---|---:|---:|---:|---:|---:|---|");
for (const r of rows)
  console.log(`| ${r.name} | ${r.ms.toFixed(2)} | ${r.max.toFixed(2)} | ${r.rows} | ${r.total.toLocaleString("en")} | ${r.countMs.toFixed(0)} | ${r.plan} |`);
console.log("\n| export (all rows, keyset batches of 1,000) | rows | seconds | rows/s | peak heap growth |");
console.log("|---|---:|---:|---:|---:|");
for (const e of exportRows)
  console.log(`| ${e.name} | ${e.rows.toLocaleString("en")} | ${e.s.toFixed(1)} | ${Math.round(e.rows / e.s).toLocaleString("en")} | ${e.heapMb.toFixed(0)} MB |`);
const bar = rows[0]!;
console.log(`\nbar: rule + date range first page ${bar.ms.toFixed(2)} ms (< 100 ms: ${bar.ms < 100 ? "met" : "NOT MET"})`);
sqlite.close();
if (!process.env.BENCH_DB) rmSync(dir, { recursive: true, force: true });
if (bar.ms >= 100) process.exitCode = 1;
