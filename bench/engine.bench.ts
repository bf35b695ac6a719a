// Engine benchmark (`npm run bench`): the same generated routing rules and case facts through Pauta
// (full trace), json-rules-engine 7 and @gorules/zen-engine; checks they fire the same rules, then
// prints cases/s and ratios. Environment: BENCH_CASES, BENCH_RULES, BENCH_RUNS, BENCH_SEED, BENCH_ONLY.
import { execSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { ZenEngine } from "@gorules/zen-engine";
import { Engine } from "json-rules-engine";
import { compilePlaybook, evaluate, type EngineClock } from "@/engine";
import { dotPathResolver, generateWorkload, toJsonRules, toPautaPlaybook, toZenDecision, type Workload } from "./workload";
import { envInt } from "./env";

const CASES = envInt("BENCH_CASES", 20_000);
const RULES = envInt("BENCH_RULES", 100);
const RUNS = envInt("BENCH_RUNS", 3);
const SEED = envInt("BENCH_SEED", 20260302);
// Creating a json-rules-engine per case is slow: it gets fewer runs unless asked otherwise.
const FRESH_RUNS = envInt("BENCH_FRESH_RUNS", 1);
const WARMUP = Math.min(2_000, CASES);
const ONLY = (process.env.BENCH_ONLY ?? "").split(",").filter(Boolean);

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
const heapMb = () => {
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};

interface Runner {
  name: string;
  note: string;
  runs: number;
  /** cases in flight at once (zen evaluates on libuv's thread pool); 1 = awaited one by one */
  inFlight?: number;
  /** the engine's own reported time for one case, in µs, when it reports one (zen's `performance`) */
  internalUs?(facts: Record<string, unknown>): Promise<number>;
  /** evaluate one case; returns the ids of the rules that fired */
  one(facts: Record<string, unknown>): string[] | Promise<string[]>;
}

const FIXED = new Date("2026-03-02T18:00:00.000Z");
const clock: EngineClock = { now: () => FIXED, perf: () => performance.now() };

function pautaRunner(w: Workload): Runner {
  const compiled = compilePlaybook(toPautaPlaybook(w), { versionId: "bench@1", version: 1 });
  const playbooks = [compiled];
  // "Full trace" is checked, not assumed: every rule is in the trace with its condition tree.
  const probe = evaluate({ decisionId: "probe", subject: "simulation", facts: w.facts[0]!, playbooks, clock });
  const traced = probe.trace.playbooks[0]?.rules ?? [];
  if (traced.length !== w.rules.length || traced.some((r) => r.status !== "error" && r.conditions === undefined)) {
    throw new Error(`Pauta's trace covers ${traced.length} of ${w.rules.length} rules, or lacks condition traces: not a full trace`);
  }
  let n = 0;
  return {
    name: "pauta (full trace)",
    note: "compilePlaybook once, evaluate() per case; every condition traced",
    runs: RUNS,
    one(facts) {
      const d = evaluate({ decisionId: `d${n++}`, subject: "simulation", facts, playbooks, clock });
      const out: string[] = [];
      for (const f of d.firedRules) out.push(f.ruleId);
      return out;
    },
  };
}

const jreOptions = { allowUndefinedFacts: true, pathResolver: dotPathResolver };

function jreFreshRunner(w: Workload): Runner {
  const rules = toJsonRules(w);
  return {
    name: "json-rules-engine (engine per run)",
    note: "new Engine(rules) for each case: the safe way when runs are concurrent",
    runs: FRESH_RUNS,
    async one(facts) {
      const engine = new Engine(rules as never, jreOptions);
      const { results } = await engine.run(facts);
      return results.map((r) => r.name as string);
    },
  };
}

function jreSharedRunner(w: Workload): Runner {
  const engine = new Engine(toJsonRules(w) as never, jreOptions);
  return {
    name: "json-rules-engine (shared engine)",
    note: "one Engine reused for sequential runs (unsafe under concurrency: #280, #360)",
    runs: RUNS,
    async one(facts) {
      const { results } = await engine.run(facts);
      return results.map((r) => r.name as string);
    },
  };
}

function zenRunner(w: Workload, trace: boolean, inFlight = 1): Runner {
  const zen = new ZenEngine();
  const decision = zen.createDecision(toZenDecision(w));
  const opts = trace ? { trace: true } : undefined;
  return {
    name: `zen-engine (trace ${trace ? "on" : "off"}${inFlight > 1 ? `, ${inFlight} in flight` : ""})`,
    note: `one collect decision table, createDecision once, evaluate() per case, ${inFlight > 1 ? `${inFlight} cases in flight` : "awaited one by one"}`,
    runs: RUNS,
    inFlight,
    async internalUs(facts) {
      const p = (await decision.evaluate(facts, opts)).performance;
      const m = /^([\d.]+)\s*(ns|µs|us|ms|s)$/.exec(p.trim());
      if (!m) return Number.NaN;
      return Number(m[1]) * { ns: 0.001, "µs": 1, us: 1, ms: 1000, s: 1e6 }[m[2] as "ns"];
    },
    async one(facts) {
      const r = await decision.evaluate(facts, opts);
      return (r.result as { rule: string }[]).map((x) => x.rule);
    },
  };
}

async function runAll(r: Runner, facts: readonly Record<string, unknown>[], keep?: string[][]): Promise<{ ms: number; fired: number }> {
  let fired = 0;
  const t0 = performance.now();
  const batch = r.inFlight ?? 1;
  if (batch > 1) {
    for (let i = 0; i < facts.length; i += batch) {
      const all = await Promise.all(facts.slice(i, i + batch).map((f) => r.one(f)));
      all.forEach((ids, j) => {
        fired += ids.length;
        if (keep) keep[i + j] = ids;
      });
    }
    return { ms: performance.now() - t0, fired };
  }
  for (let i = 0; i < facts.length; i++) {
    let ids = r.one(facts[i]!);
    if (ids instanceof Promise) ids = await ids;
    fired += ids.length;
    if (keep) keep[i] = ids;
  }
  return { ms: performance.now() - t0, fired };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (n: number, digits = 0) => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main() {
  const machine = {
    cpus: (() => {
      try {
        return execSync("nproc").toString().trim();
      } catch {
        return "?";
      }
    })(),
    node: process.version,
  };
  console.log(`Pauta engine benchmark: ${RULES} rules, ${fmt(CASES)} cases, seed ${SEED}, ${RUNS} runs (median), nproc ${machine.cpus}, node ${machine.node}`);

  const t0 = performance.now();
  const w = generateWorkload({ seed: SEED, rules: RULES, cases: CASES });
  console.log(`workload generated in ${fmt(performance.now() - t0)} ms`);

  const factories: [string, () => Runner][] = [
    ["pauta", () => pautaRunner(w)],
    ["jre-shared", () => jreSharedRunner(w)],
    ["jre-fresh", () => jreFreshRunner(w)],
    ["zen", () => zenRunner(w, false)],
    ["zen-trace", () => zenRunner(w, true)],
    ["zen-parallel", () => zenRunner(w, false, 32)],
  ];
  // The first selected engine (Pauta unless BENCH_ONLY leaves it out) is the reference for checks and ratios.
  const selected = factories.filter(([k]) => ONLY.length === 0 || ONLY.includes(k));
  if (selected.length === 0) throw new Error(`BENCH_ONLY names no engine; use: ${factories.map(([k]) => k).join(", ")}`);
  const refKey = selected[0]![0];

  // One engine at a time: set up, warm up, then timed full runs. The first timed run also keeps what
  // fired for every case, checked against the reference engine (recording is one array store per case).
  const reference: string[][] = [];
  let firedTotal = 0;
  const results: { key: string; runner: Runner; setupMs: number; setupHeapMb: number; msRuns: number[]; internal?: number }[] = [];
  for (const [key, make] of selected) {
    const before = heapMb();
    const s0 = performance.now();
    const runner = make();
    const setupMs = performance.now() - s0;
    const setupHeapMb = heapMb() - before;
    await runAll(runner, w.facts.slice(0, WARMUP));
    const msRuns: number[] = [];
    for (let i = 0; i < runner.runs; i++) {
      gc();
      const got: string[][] | undefined = i === 0 ? new Array(CASES) : undefined;
      const { ms, fired } = await runAll(runner, w.facts, got);
      msRuns.push(ms);
      process.stdout.write(`  ${runner.name}: run ${i + 1}/${runner.runs} ${fmt(ms)} ms\n`);
      if (got && key === refKey) {
        got.forEach((ids, c) => (reference[c] = [...ids].sort()));
        firedTotal = fired;
        console.log(`  rules fired per case: ${fmt(fired / CASES, 2)} on average`);
      } else if (got) {
        let bad = 0;
        for (let c = 0; c < CASES; c++) {
          const a = reference[c]!.join(",");
          const b = [...got[c]!].sort().join(",");
          if (a !== b && bad++ < 5) console.error(`MISMATCH case ${c} (${runner.name}):\n  ${refKey}: ${a}\n  other: ${b}\n  facts: ${JSON.stringify(w.facts[c])}`);
        }
        if (bad > 0) {
          console.error(`\n${runner.name} disagrees with ${refKey} on ${bad} of ${CASES} cases: the figures would be meaningless. Aborting.`);
          process.exit(1);
        }
        console.log(`  checked: ${runner.name} fires the same rules as ${refKey} on all ${fmt(CASES)} cases`);
      } else if (fired !== firedTotal) throw new Error(`${runner.name}: fired ${fired} rules in run ${i + 1}, ${firedTotal} in run 1`);
    }
    let internal: number | undefined;
    if (runner.internalUs) {
      const n = Math.min(2_000, CASES);
      let sum = 0;
      for (let c = 0; c < n; c++) sum += await runner.internalUs(w.facts[c]!);
      internal = sum / n;
    }
    results.push({ key, runner, setupMs, setupHeapMb, msRuns, internal });
  }

  const pautaMs = median(results[0]!.msRuns);
  const rows = results.map((r) => {
    const ms = median(r.msRuns);
    return {
      engine: r.runner.name,
      "cases/s": fmt((CASES / ms) * 1000),
      "µs/case": fmt((ms * 1000) / CASES, 1),
      [`vs ${refKey}`]: `${fmt(pautaMs / ms, 2)}×`,
      runs: r.msRuns.length,
      "setup ms": fmt(r.setupMs, 1),
      "setup heap MB": fmt(r.setupHeapMb, 2),
      "engine-reported µs": r.internal === undefined ? "" : fmt(r.internal, 1),
    };
  });
  console.log("");
  console.table(rows);
  console.log(`'vs ${refKey}' = ${refKey}'s time / the engine's time: below 1× means that engine is slower than ${refKey}.`);
  // The same table as Markdown, for bench/RESULTS.md.
  const cols = Object.keys(rows[0]!) as (keyof (typeof rows)[number])[];
  console.log(["", `| ${cols.join(" | ")} |`, `|${cols.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${cols.map((c) => r[c]).join(" | ")} |`), ""].join("\n"));
  if (results.some((r) => r.internal !== undefined)) {
    console.log("'engine-reported µs' = zen's own `performance` figure per evaluation (inside Rust); the rest of its µs/case is the Node binding: context conversion, thread-pool hop, result conversion.");
  }
  console.log(`heap after all runs: ${fmt(heapMb(), 1)} MB used; rss ${fmt(process.memoryUsage().rss / 1024 / 1024, 0)} MB (zen's memory is native, outside the JS heap)`);
  const zenTrace = results.find((r) => r.key === "zen-trace");
  if (zenTrace && refKey === "pauta") {
    const ok = pautaMs <= median(zenTrace.msRuns);
    console.log(ok ? "BAR MET: Pauta with full trace is at least as fast as zen-engine with trace on." : "BAR MISSED: Pauta with full trace is slower than zen-engine with trace on.");
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
