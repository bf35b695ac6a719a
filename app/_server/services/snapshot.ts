import { asc, eq } from "drizzle-orm";
import { compilePlaybook, type CompiledPlaybook } from "@/engine";
import type { ServiceContext } from "../db/client";
import type { Exec } from "../db/tx";
import { playbooks, playbookVersions } from "../db/schema";
import { parseDocument } from "./playbooks";
import { readPublishGeneration } from "./settings";

interface Snapshot {
  /** the database the generation was read from: tests open several, each counting from 1 */
  db: ServiceContext["db"];
  generation: number;
  playbooks: readonly CompiledPlaybook[];
}

// Per process (global: Next loads route bundles separately). Compiled versions are immutable, so
// they are cached by version id forever; the list is rebuilt when the publish generation moves.
const g = globalThis as unknown as { __pautaSnapshot?: Snapshot; __pautaCompiled?: Map<string, CompiledPlaybook> };

/** One exact version compiled (cached by version id: versions are immutable); null when the id is unknown. Replay uses it. */
export function compiledVersion(ctx: { db: Exec }, versionId: string): CompiledPlaybook | null {
  const compiled = (g.__pautaCompiled ??= new Map());
  const hit = compiled.get(versionId);
  if (hit) return hit;
  const r = ctx.db
    .select({ version: playbookVersions.version, document: playbookVersions.document })
    .from(playbookVersions)
    .where(eq(playbookVersions.id, versionId))
    .get();
  if (!r) return null;
  // Throws PlaybookCompileError when an engine change broke an old version: the caller reports it.
  const c = compilePlaybook(parseDocument(r.document), { versionId, version: r.version });
  compiled.set(versionId, c);
  return c;
}

/** The compiled published playbooks, recompiled only after a publish (by any process). */
export function publishedPlaybooks(ctx: ServiceContext): readonly CompiledPlaybook[] {
  const generation = readPublishGeneration(ctx.db);
  const current = g.__pautaSnapshot;
  if (current && current.db === ctx.db && current.generation === generation) return current.playbooks;
  const compiled = (g.__pautaCompiled ??= new Map());
  const rows = ctx.db
    .select({ versionId: playbookVersions.id, version: playbookVersions.version, document: playbookVersions.document })
    .from(playbooks)
    .innerJoin(playbookVersions, eq(playbooks.publishedVersionId, playbookVersions.id))
    .orderBy(asc(playbooks.id))
    .all();
  const list: CompiledPlaybook[] = [];
  for (const r of rows) {
    let c = compiled.get(r.versionId);
    if (!c) {
      try {
        c = compilePlaybook(parseDocument(r.document), { versionId: r.versionId, version: r.version });
      } catch (e) {
        // Publishing compiles first, so this means an engine change broke an old version: keep serving the others.
        console.error(`[pauta] published playbook version ${r.versionId} does not compile; skipped`, e);
        continue;
      }
      compiled.set(r.versionId, c);
    }
    list.push(c);
  }
  const snapshot = { db: ctx.db, generation, playbooks: Object.freeze(list) };
  g.__pautaSnapshot = snapshot;
  return snapshot.playbooks;
}
