import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { CaseInput, PlaybookDocument } from "@/schemas";
import { compilePlaybook, deriveFacts } from "@/engine";
import { getDb, type ServiceContext } from "./db/client";
import { env, type ServerEnv } from "./env";
import { ensureAdminKey } from "./services/api-keys";
import { ensureFirstAdmin } from "./auth/users";
import { canonicalJson, sha256 } from "./services/hash";
import { importPlaybookTx } from "./services/playbooks";
import { latestRequest, requestApprovalTx } from "./services/approvals";
import { publishNowTx } from "./services/publishing";
import { getWorkspaceSettings } from "./services/workspace";
import { failInterruptedBacktests } from "./services/backtests";
import { publishedPlaybooks } from "./services/snapshot";
import { reindexDecisionSearch } from "./services/search-index";
import { readSetting, writeSetting } from "./services/settings";

export interface SyncedFile {
  file: string;
  playbookId?: string;
  status: "imported" | "unchanged" | "awaiting_approval" | "invalid";
  version?: number;
  message?: string;
}

/**
 * Import and publish every playbook file directly inside `dir` whose content changed since it was
 * last imported from that file (edits made through the API are not overwritten by an unchanged file).
 */
export function syncPlaybookFiles(ctx: ServiceContext, dir: string): SyncedFile[] {
  let names: string[];
  try {
    names = readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isFile() && d.name.endsWith(".json"))
      .map((d) => d.name)
      .sort();
  } catch {
    return [];
  }
  const results: SyncedFile[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    let doc: PlaybookDocument;
    try {
      const parsed = PlaybookDocument.safeParse(JSON.parse(readFileSync(file, "utf8")));
      if (!parsed.success) {
        results.push({ file, status: "invalid", message: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") });
        continue;
      }
      doc = parsed.data;
      compilePlaybook(doc, { versionId: "validation", version: 1 });
    } catch (e) {
      results.push({ file, status: "invalid", message: e instanceof Error ? e.message : String(e) });
      continue;
    }
    const hash = sha256(canonicalJson(doc));
    const key = `playbook_file:${doc.id}`;
    results.push(
      ctx.db.transaction(
        (tx): SyncedFile => {
          if (readSetting(tx, key) === hash) return { file, playbookId: doc.id, status: "unchanged" };
          const actor = `system:file:${name}`;
          const at = new Date().toISOString();
          const r = importPlaybookTx(tx, doc, { actor, comment: `imported from ${name} at start-up`, at });
          writeSetting(tx, key, hash);
          if (r.published) return { file, playbookId: doc.id, status: "unchanged", version: r.version };
          // A changed file goes live at start, unless the workspace requires approval: then a second person approves it first.
          if (getWorkspaceSettings(tx).requireApproval) {
            const pending = latestRequest(tx, r.versionId);
            if (!pending || pending.status === "withdrawn") requestApprovalTx(tx, { playbookId: doc.id, versionId: r.versionId, comment: `changed file ${name}`, actor, at });
            return { file, playbookId: doc.id, status: "awaiting_approval", version: r.version };
          }
          publishNowTx(tx, { playbookId: doc.id, versionId: r.versionId, comment: `published from ${name} at start-up`, actor, at });
          return { file, playbookId: doc.id, status: "imported", version: r.version };
        },
        { behavior: "immediate" },
      ),
    );
  }
  return results;
}

function banner(lines: string[]): string {
  const width = Math.max(...lines.map((l) => l.length)) + 4;
  const bar = "=".repeat(width);
  return [bar, ...lines.map((l) => `  ${l}`), bar].join("\n");
}

/** Start-up: migrations (on first getDb), example playbooks, the first admin key and admin user. Idempotent. */
export async function startPauta(e: ServerEnv = env()): Promise<void> {
  const ctx = { db: getDb() };
  const synced = syncPlaybookFiles(ctx, e.PAUTA_PLAYBOOKS_DIR);
  for (const s of synced) {
    if (s.status === "imported") console.log(`[pauta] playbook ${s.playbookId} v${s.version} published from ${path.relative(process.cwd(), s.file)}`);
    if (s.status === "awaiting_approval") console.log(`[pauta] playbook ${s.playbookId} v${s.version} imported from ${path.relative(process.cwd(), s.file)}; it awaits approval before it goes live`);
    if (s.status === "invalid") console.warn(`[pauta] skipped ${path.relative(process.cwd(), s.file)}: ${s.message}`);
  }
  // Decisions stored before the search index existed get their index rows (once; a no-op afterwards).
  const reindexed = reindexDecisionSearch(ctx);
  if (reindexed) console.log(`[pauta] search index built for ${reindexed} stored decisions`);
  // Backtests a stopped process left running will never finish: say so instead of showing them running forever.
  const interrupted = failInterruptedBacktests(ctx);
  if (interrupted) console.log(`[pauta] ${interrupted} backtest(s) interrupted by the last stop were marked failed`);
  const key = ensureAdminKey(ctx, e.PAUTA_BOOTSTRAP_API_KEY);
  const admin = await ensureFirstAdmin(ctx, { email: e.PAUTA_ADMIN_EMAIL, password: e.PAUTA_ADMIN_PASSWORD });
  const host = !e.HOST || e.HOST === "0.0.0.0" || e.HOST === "::" ? "localhost" : e.HOST;
  const url = `http://${host}:${e.PORT}`;
  if (key.created || admin.created) {
    const lines = [`Pauta is running at ${url}`];
    if (admin.created)
      lines.push(
        "",
        admin.password === null ? "Admin user (from PAUTA_ADMIN_EMAIL / PAUTA_ADMIN_PASSWORD):" : "Admin user (password shown once; store it now):",
        `  ${admin.email}${admin.password === null ? "" : `  ${admin.password}`}`,
        `  Sign in at ${url}/login`,
      );
    if (key.created)
      lines.push(
        "",
        key.fromEnv ? "Admin API key (from PAUTA_BOOTSTRAP_API_KEY):" : "Admin API key (shown once; store it now):",
        `  ${key.key}`,
        "",
        `Try: curl -H "Authorization: Bearer ${key.key}" ${url}/api/v1/playbooks`,
      );
    console.log("\n" + banner(lines) + "\n");
  } else {
    console.log(`[pauta] ready at ${url} (database ${e.DATABASE_URL})`);
  }
}

/** Load the NLP models and compile the published playbooks now, so the first case is not the slow one. */
export async function warmUp(): Promise<void> {
  const now = new Date();
  for (const [language, text] of [
    ["es", "Hola, necesito ayuda con mi pedido"],
    ["en", "Hello, I need help with my order"],
  ] as const) {
    const c = CaseInput.parse({ externalId: "warm-up", channel: "webchat", language, text, customer: { id: "warm-up" }, receivedAt: now.toISOString() });
    await deriveFacts(c, { now });
  }
  publishedPlaybooks({ db: getDb() });
}
