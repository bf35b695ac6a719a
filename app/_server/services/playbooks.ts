import { randomUUID } from "node:crypto";
import { asc, desc, eq } from "drizzle-orm";
import { PlaybookDocument, type ApprovalRequest, type FlowGraph, type FlowIssue, type PlaybookSummary, type RoutingRule, type VersionState } from "@/schemas";
import { compilePlaybook, PlaybookCompileError } from "@/engine";
import { compileFlow, playbookToFlow, type FlowPlaybook } from "@/engine/flow";
import type { ServiceContext } from "../db/client";
import type { Exec } from "../db/tx";
import type { ImportResult, PlaybookDetail } from "@/schemas/resources";
import { playbooks, playbookVersions } from "../db/schema";
import { ServiceError, ValidationError, zodIssues, type FieldIssue } from "../errors";
import { emitAudit } from "./audit";
import { canonicalJson } from "./hash";
import { requestApprovalTx } from "./approvals";
import { publishNowTx } from "./publishing";
import { documentHash, parseDocument, versionInfo } from "./version-rows";

export { parseDocument, versionInfo };

function ruleCount(doc: PlaybookDocument): number {
  // Escalation and crisis playbooks carry rules too (their ladder steps and crisis overrides).
  return doc.kind === "okr" ? 0 : doc.rules.length;
}

export function listPlaybooks(ctx: ServiceContext): PlaybookSummary[] {
  const rows = ctx.db.select().from(playbooks).orderBy(asc(playbooks.id)).all();
  return rows.map((p) => summarize(ctx.db, p));
}

function summarize(db: Exec, p: typeof playbooks.$inferSelect): PlaybookSummary {
  const latest = db.select().from(playbookVersions).where(eq(playbookVersions.playbookId, p.id)).orderBy(desc(playbookVersions.version)).limit(1).get();
  const published = p.publishedVersionId ? db.select().from(playbookVersions).where(eq(playbookVersions.id, p.publishedVersionId)).get() : undefined;
  const shown = published ?? latest;
  return {
    id: p.id,
    kind: p.kind,
    name: p.name,
    ...(p.description ? { description: p.description } : {}),
    publishedVersion: published?.version ?? null,
    publishedAt: published?.publishedAt ?? null,
    latestVersion: latest?.version ?? 0,
    ruleCount: shown ? ruleCount(parseDocument(shown.document)) : 0,
  };
}

export function getPlaybook(ctx: ServiceContext, id: string): PlaybookDetail | null {
  const p = ctx.db.select().from(playbooks).where(eq(playbooks.id, id)).get();
  if (!p) return null;
  const versions = ctx.db.select().from(playbookVersions).where(eq(playbookVersions.playbookId, id)).orderBy(desc(playbookVersions.version)).all();
  // A playbook created on the canvas has a draft and no versions until its first commit or publish.
  const latest = versions[0];
  const published = versions.find((v) => v.id === p.publishedVersionId);
  return {
    playbook: summarize(ctx.db, p),
    versions: versions.map(versionInfo),
    publishedDocument: published ? parseDocument(published.document) : null,
    latestDocument: latest ? parseDocument(latest.document) : null,
  };
}

export type { ImportResult, PlaybookDetail };

export type ValidateResult = { ok: true; document: PlaybookDocument } | { ok: false; issues: FieldIssue[] };

/**
 * Schema check, the canvas check when the document carries a graph, then a trial compile: the same
 * checks publishing runs. A routing document with a graph and no rules gets its rules and trigger
 * from the graph (the returned document has them).
 */
export function validatePlaybook(input: unknown): ValidateResult {
  const r = PlaybookDocument.safeParse(input);
  if (!r.success) return { ok: false, issues: zodIssues(r.error) };
  let doc = r.data;
  if ((doc.kind === "routing" || doc.kind === "escalation" || doc.kind === "crisis") && doc.graph) {
    const g = checkGraph({ ...doc, graph: doc.graph });
    if (!g.ok) return g;
    doc = g.document;
  }
  try {
    compilePlaybook(doc, { versionId: "validation", version: 1 });
  } catch (e) {
    if (e instanceof PlaybookCompileError) return { ok: false, issues: e.issues.length ? e.issues : [{ path: "body", message: e.message }] };
    throw e;
  }
  return { ok: true, document: doc };
}

/**
 * A flow document's graph (routing, escalation, crisis) must compile without errors, and its
 * `trigger` and `rules` (and an escalation's `steps`, a crisis's `detectors`) must be exactly what
 * the graph compiles to (so the canvas and the rules that run can never disagree). Empty rules are
 * filled in from the graph, with its trigger, steps and detectors.
 */
function checkGraph(doc: FlowPlaybook & { graph: FlowGraph }): ValidateResult {
  const compiled = compileFlow(playbookToFlow(doc));
  const errors = compiled.issues.filter((i) => i.severity === "error");
  if (errors.length || !compiled.playbook) return { ok: false, issues: flowFieldIssues(errors, "graph") };
  const fromGraph = PlaybookDocument.parse(compiled.playbook) as FlowPlaybook;
  const drawn = {
    trigger: fromGraph.trigger,
    rules: fromGraph.rules,
    ...(fromGraph.kind === "escalation" ? { steps: fromGraph.steps } : {}),
    ...(fromGraph.kind === "crisis" ? { detectors: fromGraph.detectors } : {}),
  };
  const parts = doc as unknown as Record<string, unknown[] | undefined>;
  if (doc.rules.length === 0 && !parts.steps?.length && !parts.detectors?.length) return { ok: true, document: { ...doc, ...drawn } as PlaybookDocument };
  const issues: FieldIssue[] = [];
  if (canonicalJson(fromGraph.trigger) !== canonicalJson(doc.trigger))
    issues.push({ path: "trigger", message: `differs from the graph's trigger node, which compiles to ${JSON.stringify(fromGraph.trigger)}; send the graph's trigger, or leave rules empty to have both filled in`, code: "graph_mismatch" });
  const rulesDiffer = firstRuleDifference(doc.rules, fromGraph.rules);
  if (rulesDiffer) issues.push({ path: "rules", message: `differ from what the graph compiles to: ${rulesDiffer}; send the compiled rules, or leave rules empty to have them filled in from the graph`, code: "graph_mismatch" });
  for (const key of ["steps", "detectors"] as const)
    if (key in drawn && canonicalJson(parts[key] ?? []) !== canonicalJson((drawn as Record<string, unknown>)[key]))
      issues.push({ path: key, message: `differ from the graph's ${key === "steps" ? "ladder step" : "detector"} nodes, which compile to ${JSON.stringify((drawn as Record<string, unknown>)[key])}; send those, or leave rules and ${key} empty to have them filled in from the graph`, code: "graph_mismatch" });
  return issues.length ? { ok: false, issues } : { ok: true, document: doc };
}

function firstRuleDifference(given: readonly RoutingRule[], compiled: readonly RoutingRule[]): string | null {
  if (given.length !== compiled.length) return `the file has ${given.length} rule(s), the graph gives ${compiled.length} (${compiled.map((r) => `'${r.id}'`).join(", ") || "none"})`;
  for (let i = 0; i < given.length; i++) {
    const a = given[i];
    const b = compiled[i];
    if (a && b && canonicalJson(a) !== canonicalJson(b))
      return a.id === b.id ? `rule '${a.id}' (rules.${i}) is not the graph's` : `rules.${i} is '${a.id}' where the graph gives '${b.id}'`;
  }
  return null;
}

/** Canvas issues as the API's field issues: `<prefix>.nodes.<nodeId>.<field>`, with the node id and the issue code. */
export function flowFieldIssues(issues: readonly FlowIssue[], prefix?: string): (FieldIssue & { nodeId?: string })[] {
  return issues.map((i) => {
    const where = i.nodeId ? ["nodes", i.nodeId, ...(i.path ? [i.path] : [])] : i.edgeId ? ["edges", i.edgeId] : i.path ? [i.path] : [];
    const path = [...(prefix ? [prefix] : []), ...where].join(".") || "graph";
    return { path, message: i.message, code: i.code, ...(i.nodeId ? { nodeId: i.nodeId } : {}) };
  });
}

/**
 * Import a document as a new version, then optionally publish it (`publish`, which needs a
 * comment and, when the workspace requires it, an approved version) or ask for its approval
 * (`requestApproval`): validation first, then one immediate transaction, so a refused publish
 * writes nothing.
 */
export function importPlaybook(
  ctx: ServiceContext,
  input: { document: unknown; actor: string; comment?: string; publish?: boolean; requestApproval?: boolean },
): ImportResult & { approval: ApprovalRequest | null } {
  const v = validatePlaybook(input.document);
  if (!v.ok) throw new ValidationError("the playbook document is invalid", v.issues);
  return ctx.db.transaction(
    (tx) => {
      const at = new Date().toISOString();
      const result = importPlaybookTx(tx, v.document, { actor: input.actor, comment: input.comment, at });
      let approval: ApprovalRequest | null = null;
      if (input.publish) {
        const publication = publishNowTx(tx, { playbookId: result.playbookId, versionId: result.versionId, comment: input.comment, actor: input.actor, at });
        if (publication) result.published = true;
      } else if (input.requestApproval) {
        approval = requestApprovalTx(tx, { playbookId: result.playbookId, versionId: result.versionId, comment: input.comment, actor: input.actor, at });
      }
      const state = tx.select({ state: playbookVersions.state }).from(playbookVersions).where(eq(playbookVersions.id, result.versionId)).get()?.state as VersionState;
      return { ...result, state, approval };
    },
    { behavior: "immediate" },
  );
}

/** The write half of importPlaybook: a new version when the document differs from the newest one (never published here). */
export function importPlaybookTx(tx: Exec, doc: PlaybookDocument, opts: { actor: string; comment?: string | null; at?: string }): ImportResult {
  const now = opts.at ?? new Date().toISOString();
  const contentHash = documentHash(doc);
  const existing = tx.select().from(playbooks).where(eq(playbooks.id, doc.id)).get();
  if (existing && existing.kind !== doc.kind)
    throw new ServiceError("conflict", `playbook '${doc.id}' is a ${existing.kind} playbook`, [{ path: "kind", message: `must stay '${existing.kind}'` }]);
  if (!existing) {
    tx.insert(playbooks).values({ id: doc.id, kind: doc.kind, name: doc.name, description: doc.description ?? null, createdAt: now, updatedAt: now, publishedVersionId: null }).run();
  } else {
    tx.update(playbooks).set({ name: doc.name, description: doc.description ?? null, updatedAt: now }).where(eq(playbooks.id, doc.id)).run();
  }
  const latest = tx.select().from(playbookVersions).where(eq(playbookVersions.playbookId, doc.id)).orderBy(desc(playbookVersions.version)).limit(1).get();

  let versionId: string;
  let version: number;
  let created = false;
  if (latest && latest.contentHash === contentHash) {
    versionId = latest.id;
    version = latest.version;
  } else {
    versionId = randomUUID();
    version = (latest?.version ?? 0) + 1;
    created = true;
    const comment = opts.comment?.trim() || null;
    tx.insert(playbookVersions)
      .values({ id: versionId, playbookId: doc.id, version, state: "validated", document: JSON.stringify(doc), contentHash, createdAt: now, createdBy: opts.actor, publishedAt: null, comment })
      .run();
    emitAudit(tx, { actor: opts.actor, action: "playbook.imported", entityId: doc.id, at: now, before: null, after: { versionId, version, contentHash, comment } });
  }
  const live = tx.select({ id: playbooks.publishedVersionId }).from(playbooks).where(eq(playbooks.id, doc.id)).get()?.id;
  const state = tx.select({ state: playbookVersions.state }).from(playbookVersions).where(eq(playbookVersions.id, versionId)).get()?.state as VersionState;
  return { playbookId: doc.id, versionId, version, state, created, published: live === versionId };
}
