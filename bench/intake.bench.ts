// Intake throughput (`npm run bench:intake`): the two ways cases are stored, on fresh SQLite files
// migrated with Pauta's own migrations, one routing playbook published (tests/support/playbooks.ts
// lifecyclePlaybook, the one the 100,000-case backtest test seeds with).
// - bulk: BENCH_CASES (20,000) cases through ingestCasesBulk in transactions of 2,000, exactly as
//   the backtest test seeds its database (tests/support/backtest-cases.ts seedBacktestDb).
// - live: BENCH_LIVE (2,000) cases through ingestCase one at a time (what POST /api/v1/cases does:
//   its own immediate transaction and fsync per case, crisis facts, SLA clocks).
// Each is run BENCH_RUNS (3) times; the median is reported. Environment: BENCH_CASES, BENCH_LIVE, BENCH_RUNS.
import { execSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import Database from "better-sqlite3";
import { openDb } from "@/app/_server/db/client";
import { ingestCase } from "@/app/_server/services/cases";
import { importPlaybook } from "@/app/_server/services/playbooks";
import { caseInput, generatedCase, seedBacktestDb } from "@/tests/support/backtest-cases";
import { lifecyclePlaybook } from "@/tests/support/playbooks";
import { envInt } from "./env";

const BULK = envInt("BENCH_CASES", 20_000);
const LIVE = envInt("BENCH_LIVE", 2_000);
const RUNS = envInt("BENCH_RUNS", 3);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function inFreshDir<T>(fn: (file: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(path.join(tmpdir(), "pauta-intake-bench-"));
  try {
    return await fn(path.join(dir, "pauta.db"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function bulkRun(): Promise<{ ms: number; bytes: number }> {
  return inFreshDir((file) => seedBacktestDb(file, BULK));
}

async function liveRun(): Promise<{ ms: number }> {
  return inFreshDir(async (file) => {
    const { db, sqlite } = openDb(file);
    try {
      const ctx = { db };
      importPlaybook(ctx, { document: lifecyclePlaybook(), actor: "system:bench", publish: true, comment: "routing for the intake bench" });
      const t0 = performance.now();
      for (let i = 0; i < LIVE; i++) {
        const r = await ingestCase(ctx, caseInput(generatedCase(i)));
        if (r.duplicate) throw new Error(`case ${i} came back as a duplicate`);
      }
      return { ms: performance.now() - t0 };
    } finally {
      sqlite.close();
    }
  });
}

const started = loadavg()[0]!;
const bulk: { ms: number; bytes: number }[] = [];
const live: number[] = [];
for (let r = 0; r < RUNS; r++) {
  bulk.push(await bulkRun());
  live.push((await liveRun()).ms);
  console.log(`run ${r + 1}/${RUNS}: bulk ${(bulk[r]!.ms / BULK).toFixed(3)} ms/case, live ${(live[r]! / LIVE).toFixed(3)} ms/case`);
}
const bulkMs = median(bulk.map((b) => b.ms));
const liveMs = median(live);
const sqliteVersion = new Database(":memory:").prepare("select sqlite_version() as v").get() as { v: string };
console.log(
  `\n${cpus()[0]?.model ?? "unknown CPU"}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GB RAM, Node ${process.version}, SQLite ${sqliteVersion.v}, ${execSync("uname -sr").toString().trim()}; load average ${started.toFixed(1)} at start, ${loadavg()[0]!.toFixed(1)} at end\n`,
);
console.log("| intake | cases | median ms/case | cases/s | 100,000 cases |");
console.log("|---|---:|---:|---:|---:|");
console.log(`| bulk (ingestCasesBulk, 2,000 per transaction) | ${BULK.toLocaleString("en")} | ${(bulkMs / BULK).toFixed(3)} | ${Math.round((BULK / bulkMs) * 1000).toLocaleString("en")} | ${((bulkMs / BULK) * 100).toFixed(0)} s |`);
console.log(`| live (ingestCase, one transaction each) | ${LIVE.toLocaleString("en")} | ${(liveMs / LIVE).toFixed(3)} | ${Math.round((LIVE / liveMs) * 1000).toLocaleString("en")} | ${((liveMs / LIVE) * 100).toFixed(0)} s |`);
console.log(`\nbulk file: ${(bulk[0]!.bytes / 2 ** 20).toFixed(1)} MiB for ${BULK.toLocaleString("en")} cases`);
