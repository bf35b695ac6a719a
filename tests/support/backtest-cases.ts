// Stored history for backtest tests: case i is generated from its index alone, and what a backtest
// of lifecyclePlaybook({ changed: true }) against lifecyclePlaybook() must report for it is written
// out here by hand from the two playbooks' rules, so a test's expectation never runs the engine or
// the service's comparison code.
import { statSync } from "node:fs";
import { openDb } from "@/app/_server/db/client";
import { ingestCasesBulk } from "@/app/_server/services/cases";
import { importPlaybook } from "@/app/_server/services/playbooks";
import { reindexDecisionSearch } from "@/app/_server/services/search-index";
import { LIFECYCLE_ACCOUNT, lifecyclePlaybook } from "./playbooks";

export const BT_CHANNELS = ["email", "whatsapp", "webchat"] as const;
/** Only the first has the word "factura"; the others are near misses a sloppy matcher would take. */
export const BT_TEXTS = ["Necesito la factura de marzo", "Mis facturas no llegan", "Consulta sobre facturación", "Hola, una pregunta"] as const;
/** Case 0 was received at this time, case i i seconds later (so higher i is newer). */
export const BT_START = Date.parse("2026-06-01T00:00:00.000Z");

export interface GeneratedCase {
  i: number;
  externalId: string;
  channel: (typeof BT_CHANNELS)[number];
  text: (typeof BT_TEXTS)[number];
  vip: boolean;
  receivedAt: string;
}

/** Case i: channel i%3, text i%4, a VIP when i%7 = 0. */
export function generatedCase(i: number): GeneratedCase {
  return {
    i,
    externalId: `bt-${String(i).padStart(6, "0")}`,
    channel: BT_CHANNELS[i % 3]!,
    text: BT_TEXTS[i % 4]!,
    vip: i % 7 === 0,
    receivedAt: new Date(BT_START + i * 1000).toISOString(),
  };
}

export function generatedCases(n: number): GeneratedCase[] {
  return Array.from({ length: n }, (_, i) => generatedCase(i));
}

/** The case as intake receives it. */
export function caseInput(g: GeneratedCase) {
  return {
    externalId: g.externalId,
    channel: g.channel,
    text: g.text,
    receivedAt: g.receivedAt,
    customer: { id: `c-${g.i}`, name: "Cliente", tier: g.vip ? "vip" : "standard" },
    attributes: { account: LIFECYCLE_ACCOUNT },
  };
}

export interface ExpectedChange {
  externalId: string;
  channel: string;
  fields: ("queue" | "tags")[];
  before: { queue: string | null; tags: string[] };
  after: { queue: string | null; tags: string[] };
}

/** What the base decides and the changed playbook would decide, by hand; null when nothing changes. */
export function expectedChange(g: GeneratedCase): ExpectedChange | null {
  const baseQueue = g.channel === "email" ? "email-general" : g.channel === "whatsapp" ? "wa-general" : null;
  const baseTags = g.channel === "whatsapp" ? ["wa"] : [];
  const billing = g.channel === "email" && g.text === BT_TEXTS[0];
  if (!billing && !g.vip) return null;
  return {
    externalId: g.externalId,
    channel: g.channel,
    fields: [...(billing ? (["queue"] as const) : []), ...(g.vip ? (["tags"] as const) : [])],
    before: { queue: baseQueue, tags: baseTags },
    after: { queue: billing ? "facturacion" : baseQueue, tags: g.vip ? ["vip", ...baseTags] : baseTags },
  };
}

/** The changes a backtest of these cases must list, in its order (newest case first). */
export function expectedChanges(cases: readonly GeneratedCase[]): ExpectedChange[] {
  return [...cases]
    .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt))
    .map(expectedChange)
    .filter((c): c is ExpectedChange => c !== null);
}

/**
 * Seed a database file for a server to start on: lifecyclePlaybook() published, then cases 0…n-1
 * through the app's own bulk intake (decided and chained exactly as POST /api/v1/cases would), in
 * transactions of `batch`. Returns how long it took and the file's size.
 */
export async function seedBacktestDb(dbPath: string, n: number, opts: { batch?: number; onProgress?: (done: number) => void } = {}): Promise<{ ms: number; bytes: number }> {
  const batch = opts.batch ?? 2_000;
  const { db, sqlite } = openDb(dbPath);
  const t0 = performance.now();
  try {
    const ctx = { db };
    // What the first start of a new database does: it marks the search index current (bulk intake
    // writes it with every decision), so the server's first start does not re-index 100,000 decisions.
    reindexDecisionSearch(ctx);
    importPlaybook(ctx, { document: lifecyclePlaybook(), actor: "system:seed", publish: true, comment: "base routing for backtests" });
    for (let start = 0; start < n; start += batch) {
      const inputs = [];
      for (let i = start; i < Math.min(n, start + batch); i++) inputs.push(caseInput(generatedCase(i)));
      await ingestCasesBulk(ctx, inputs);
      opts.onProgress?.(Math.min(n, start + batch));
    }
    sqlite.pragma("wal_checkpoint(TRUNCATE)");
  } finally {
    sqlite.close();
  }
  return { ms: performance.now() - t0, bytes: statSync(dbPath).size };
}
