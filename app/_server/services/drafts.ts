// The canvas editor's server side: one shared draft per playbook (optimistic concurrency on a
// revision counter), turning a draft into a version, trying a draft on a case, and drawing a logged
// decision on the canvas of the version it ran.
//
// Audit policy for drafts: a draft routes nothing, and the editor autosaves every few seconds, so
// the audit log gets one `playbook.draft_saved` row per editing session (the first save by a person,
// or the first after someone else saved or after 15 quiet minutes), with the revision, a content
// hash and counts, never the document. What matters for routing is audited in full where it
// happens: committing or publishing a draft writes a version (`playbook.imported`, whose document
// is kept whole and immutable) and `playbook.published`.
import { desc, eq } from "drizzle-orm";
import { CaseInput, FLOW_KINDS, FlowDocument, PlaybookDocument, type PlaybookKind, type DecisionCanvas, type FlowKind, type DraftVersionResult, type FlowIssue, type PlaybookDraft, type RecentCase, type SaveDraftResult, type TryDraftResult } from "@/schemas";
import { CreatePlaybookRequest } from "@/schemas/resources";
import { compilePlaybook, type CompiledPlaybook, type EngineClock } from "@/engine";
import { compileFlow, emptyFlow, playbookToFlow, traceFlow, validateFlow, type FlowPlaybook } from "@/engine/flow";
import type { ServiceContext } from "../db/client";
import type { Exec } from "../db/tx";
import { insertionOrder } from "../db/dialect";
import { cases, playbookDrafts, playbooks, playbookVersions, users } from "../db/schema";
import { NotFoundError, ServiceError, ValidationError, zodIssues } from "../errors";
import { emitAudit } from "./audit";
import { systemClock } from "./cases";
import { getDecision, toStoredCase } from "./decisions";
import { canonicalJson, sha256 } from "./hash";
import { flowFieldIssues, importPlaybookTx, validatePlaybook } from "./playbooks";
import { requestApprovalTx } from "./approvals";
import { publishNowTx } from "./publishing";
import { versionRowById } from "./version-rows";
import { decideCases } from "./decide";

/** A new save by the same person within this long of their previous one continues their editing session (no new audit row). */
export const DRAFT_AUDIT_SESSION_MS = 15 * 60 * 1000;

type PlaybookRow = typeof playbooks.$inferSelect;
type DraftRow = typeof playbookDrafts.$inferSelect;

/** Who last saved, as the 409 and the editor show it. */
export interface DraftSaver {
  revision: number;
  /** the person's name (or "API key <prefix>") */
  updatedBy: string;
  /** the audit actor string: user:<email> or api_key:<prefix> */
  updatedByActor: string;
  updatedAt: string;
}

/** A save (or publish) from a revision that is no longer the draft's: someone saved after the caller opened it. */
export class StaleDraftError extends ServiceError {
  constructor(
    readonly current: DraftSaver,
    attempt: "save" | "version" = "save",
  ) {
    super(
      "conflict",
      `${current.updatedBy} saved this draft at ${hhmm(current.updatedAt)} UTC (revision ${current.revision}), after you opened it. ` +
        (attempt === "save" ? "Reload to get their changes; your copy was not saved." : "Reload to review their changes first; nothing was published or versioned."),
      [{ path: attempt === "save" ? "baseRevision" : "revision", message: `the draft is at revision ${current.revision} now`, code: "stale_draft" }],
      { details: { current } },
    );
  }
}

/** A draft with errors cannot become a version (or be run): the issues say where, node by node. */
export class DraftInvalidError extends ServiceError {
  constructor(message: string, readonly flowIssues: FlowIssue[]) {
    super("invalid_request", message, flowFieldIssues(flowIssues.filter((i) => i.severity === "error")), { details: { flowIssues } });
  }
}

const hhmm = (iso: string) => iso.slice(11, 16);

// ----- reading ---------------------------------------------------------------------------------

function playbookRow(db: Exec, id: string): PlaybookRow {
  const p = db.select().from(playbooks).where(eq(playbooks.id, id)).get();
  if (!p) throw new NotFoundError("playbook", id);
  if (!isFlowKind(p.kind))
    throw new ValidationError(`playbook '${id}' is a ${p.kind} playbook; only routing, escalation and crisis playbooks open on the canvas`, [{ path: "id", message: "not a flow playbook" }]);
  return p;
}

const isFlowKind = (kind: string): kind is FlowKind => (FLOW_KINDS as readonly string[]).includes(kind);

/** A stored version's document as a flow playbook (a flow playbook's versions are all of its kind). */
function flowPlaybookOf(json: string): FlowPlaybook | undefined {
  const doc = PlaybookDocument.safeParse(JSON.parse(json));
  return doc.success && isFlowKind(doc.data.kind) ? (doc.data as FlowPlaybook) : undefined;
}

function parseFlow(json: string): FlowDocument {
  return FlowDocument.parse(JSON.parse(json));
}

/** The person behind an actor string, for messages: their name from the users table, else the key or the raw string. */
function displayName(db: Exec, actor: string): string {
  if (actor.startsWith("user:")) {
    const email = actor.slice("user:".length);
    const u = db.select({ name: users.name }).from(users).where(eq(users.email, email)).get();
    return u?.name ? u.name : email;
  }
  if (actor.startsWith("api_key:")) return `API key ${actor.slice("api_key:".length)}`;
  return actor;
}

/** The version a draft opens from when none was saved: the published one, else the newest. */
function startingVersion(db: Exec, p: PlaybookRow): typeof playbookVersions.$inferSelect | undefined {
  const published = p.publishedVersionId ? db.select().from(playbookVersions).where(eq(playbookVersions.id, p.publishedVersionId)).get() : undefined;
  return published ?? db.select().from(playbookVersions).where(eq(playbookVersions.playbookId, p.id)).orderBy(desc(playbookVersions.version)).limit(1).get();
}

interface LoadedDraft {
  row: DraftRow | undefined;
  revision: number;
  baseVersion: number | null;
  document: FlowDocument;
}

function loadDraft(db: Exec, p: PlaybookRow): LoadedDraft {
  const row = db.select().from(playbookDrafts).where(eq(playbookDrafts.playbookId, p.id)).get();
  if (row) return { row, revision: row.revision, baseVersion: row.baseVersion, document: parseFlow(row.document) };
  const v = startingVersion(db, p);
  if (!v) return { row, revision: 0, baseVersion: null, document: emptyFlow({ id: p.id, name: p.name, kind: p.kind as FlowKind }) };
  const doc = flowPlaybookOf(v.document);
  if (!doc) throw new Error(`version ${v.version} of '${p.id}' is not a ${p.kind} playbook`);
  return { row, revision: 0, baseVersion: v.version, document: playbookToFlow(doc) };
}

function toView(db: Exec, playbookId: string, d: LoadedDraft): PlaybookDraft {
  return {
    playbookId,
    revision: d.revision,
    baseVersion: d.baseVersion,
    document: d.document,
    updatedAt: d.row?.updatedAt ?? null,
    updatedBy: d.row ? displayName(db, d.row.updatedBy) : null,
    issues: validateFlow(d.document),
  };
}

function saverOf(db: Exec, row: DraftRow): DraftSaver {
  return { revision: row.revision, updatedBy: displayName(db, row.updatedBy), updatedByActor: row.updatedBy, updatedAt: row.updatedAt };
}

/** The draft of a playbook: the saved one, or (none saved yet) its published or newest version at revision 0. */
export function getDraft(ctx: ServiceContext, id: string): PlaybookDraft {
  const p = playbookRow(ctx.db, id);
  return toView(ctx.db, id, loadDraft(ctx.db, p));
}

// ----- writing ---------------------------------------------------------------------------------

/** Parse a CreatePlaybookRequest; `kinds` are the ones this path creates (the others get a field error saying where they go). */
export function parseCreateRequest(fields: unknown, kinds: readonly PlaybookKind[], elsewhere: string): CreatePlaybookRequest {
  const parsed = CreatePlaybookRequest.safeParse(fields);
  if (!parsed.success) throw new ValidationError("the new playbook is invalid", zodIssues(parsed.error));
  if (!kinds.includes(parsed.data.kind)) throw new ValidationError("the new playbook is invalid", [{ path: "kind", message: elsewhere }]);
  return parsed.data;
}

/** The playbook row and its "created" audit entry; refused when the id is taken. */
export function insertPlaybookTx(tx: Exec, req: CreatePlaybookRequest, actor: string, now: string, after: Record<string, unknown>): void {
  if (tx.select({ id: playbooks.id }).from(playbooks).where(eq(playbooks.id, req.id)).get())
    throw new ServiceError("conflict", `a playbook with the id '${req.id}' already exists`, [{ path: "id", message: "choose another id", code: "taken" }]);
  tx.insert(playbooks).values({ id: req.id, kind: req.kind, name: req.name, description: req.description ?? null, createdAt: now, updatedAt: now, publishedVersionId: null }).run();
  emitAudit(tx, { actor, action: "playbook.created", entityId: req.id, at: now, before: null, after: { kind: req.kind, name: req.name, ...after } });
}

/** A new, empty flow playbook (routing, escalation or crisis): no versions, an empty draft at revision 1. */
export function createPlaybook(ctx: ServiceContext, input: { id: unknown; name: unknown; description?: unknown; locale?: unknown; kind?: unknown; actor: string }): PlaybookDraft {
  const { actor, ...fields } = input;
  const req = parseCreateRequest(fields, FLOW_KINDS, "tone and okr playbooks are edited as a form: create them with playbooks.createDocument");
  return ctx.db.transaction(
    (tx) => {
      const now = new Date().toISOString();
      const document = FlowDocument.parse({ ...emptyFlow({ id: req.id, name: req.name, locale: req.locale, kind: req.kind as FlowKind }), ...(req.description ? { description: req.description } : {}) });
      insertPlaybookTx(tx, req, actor, now, { draftRevision: 1 });
      tx.insert(playbookDrafts).values({ playbookId: req.id, revision: 1, baseVersion: null, document: JSON.stringify(document), updatedAt: now, updatedBy: actor }).run();
      const row = tx.select().from(playbookDrafts).where(eq(playbookDrafts.playbookId, req.id)).get();
      return toView(tx, req.id, { row, revision: 1, baseVersion: null, document });
    },
    { behavior: "immediate" },
  );
}

/**
 * Save the shared draft. Refused (StaleDraftError, 409) when the stored revision is not
 * `baseRevision`; a draft with errors is saved (the issues come back). One immediate transaction,
 * so of two concurrent saves from the same revision exactly one wins.
 */
export function saveDraft(ctx: ServiceContext, input: { id: string; baseRevision: number; document: unknown; actor: string }): SaveDraftResult {
  const parsed = FlowDocument.safeParse(input.document);
  if (!parsed.success) throw new ValidationError("the draft document is invalid", zodIssues(parsed.error, "document"));
  const document = parsed.data;
  if (document.id !== input.id)
    throw new ValidationError(`the document is playbook '${document.id}', not '${input.id}'`, [{ path: "document.id", message: `must be '${input.id}' (the playbook id is fixed)` }]);
  const json = JSON.stringify(document);
  const result = ctx.db.transaction(
    (tx) => {
      const p = playbookRow(tx, input.id);
      if (document.kind !== p.kind)
        throw new ValidationError(`playbook '${p.id}' is a ${p.kind} playbook, not ${document.kind}`, [{ path: "document.kind", message: `must be '${p.kind}' (the kind is fixed)` }]);
      const row = tx.select().from(playbookDrafts).where(eq(playbookDrafts.playbookId, p.id)).get();
      const current = row?.revision ?? 0;
      if (current !== input.baseRevision) {
        if (row) throw new StaleDraftError(saverOf(tx, row));
        throw new ValidationError(`the draft has no saved revision yet: save it with baseRevision 0`, [{ path: "baseRevision", message: "must be 0" }]);
      }
      const now = new Date().toISOString();
      const revision = current + 1;
      const baseVersion = row ? row.baseVersion : (startingVersion(tx, p)?.version ?? null);
      if (row) tx.update(playbookDrafts).set({ revision, document: json, updatedAt: now, updatedBy: input.actor }).where(eq(playbookDrafts.playbookId, p.id)).run();
      else tx.insert(playbookDrafts).values({ playbookId: p.id, revision, baseVersion, document: json, updatedAt: now, updatedBy: input.actor }).run();
      const newSession = !row || row.updatedBy !== input.actor || Date.parse(now) - Date.parse(row.updatedAt) > DRAFT_AUDIT_SESSION_MS;
      if (newSession)
        emitAudit(tx, {
          actor: input.actor,
          action: "playbook.draft_saved",
          entityId: p.id,
          at: now,
          before: row ? { revision: row.revision, updatedBy: row.updatedBy } : null,
          after: { revision, baseVersion, contentHash: sha256(canonicalJson(document)), nodes: document.graph.nodes.length, edges: document.graph.edges.length },
        });
      return { revision, updatedAt: now };
    },
    { behavior: "immediate" },
  );
  return { ...result, issues: validateFlow(document) };
}

/** Compile a flow document for running or publishing; DraftInvalidError when it has errors. */
function compileOrThrow(document: FlowDocument, what: string): { playbook: PlaybookDocument; issues: FlowIssue[] } {
  const compiled = compileFlow(document);
  const errors = compiled.issues.filter((i) => i.severity === "error");
  if (errors.length || !compiled.playbook)
    throw new DraftInvalidError(
      `${what}: the draft has ${errors.length || "unresolved"} error${errors.length === 1 ? "" : "s"} (${errors
        .slice(0, 3)
        .map((i) => (i.nodeId ? `${i.nodeId}: ${i.message}` : i.message))
        .join("; ")}${errors.length > 3 ? "; …" : ""})`,
      compiled.issues,
    );
  return { playbook: PlaybookDocument.parse(compiled.playbook), issues: compiled.issues };
}

/**
 * Turn the draft at `revision` into a version, in one immediate transaction: validated, then
 * published (`publish`, with its comment and the approval rule) or put up for approval
 * (`requestApproval`). The draft's baseVersion becomes that version. Refused when the draft has
 * moved on (409), has errors (the issues, node by node) or may not go live yet (nothing is written).
 */
function draftToVersion(
  ctx: ServiceContext,
  input: { id: string; revision: number; actor: string; comment?: string; publish: boolean; requestApproval?: boolean },
): DraftVersionResult {
  return ctx.db.transaction(
    (tx) => {
      const p = playbookRow(tx, input.id);
      const draft = loadDraft(tx, p);
      if (draft.revision !== input.revision) {
        if (draft.row) throw new StaleDraftError(saverOf(tx, draft.row), "version");
        throw new ValidationError(`the draft has no saved revision yet: use revision 0`, [{ path: "revision", message: "must be 0" }]);
      }
      const { document, issues } = draftPlaybookDocument(draft.document, input.publish ? "cannot publish" : "cannot create a version");
      const at = new Date().toISOString();
      const result = importPlaybookTx(tx, document, { actor: input.actor, comment: input.comment, at });
      if (input.publish) result.published = !!publishNowTx(tx, { playbookId: p.id, versionId: result.versionId, comment: input.comment, actor: input.actor, at }) || result.published;
      else if (input.requestApproval) requestApprovalTx(tx, { playbookId: p.id, versionId: result.versionId, comment: input.comment, actor: input.actor, at });
      if (draft.row) tx.update(playbookDrafts).set({ baseVersion: result.version }).where(eq(playbookDrafts.playbookId, p.id)).run();
      const after = { ...draft, baseVersion: result.version, row: draft.row && { ...draft.row, baseVersion: result.version } };
      const state = versionRowById(tx, result.versionId)?.state as DraftVersionResult["state"];
      return { ...result, state, draft: toView(tx, p.id, after), warnings: issues.filter((i) => i.severity === "warning") };
    },
    { behavior: "immediate" },
  );
}

/** The playbook document a draft compiles to, validated as an import would be: what a version made from it holds. */
export function draftPlaybookDocument(flow: FlowDocument, what: string): { document: PlaybookDocument; issues: FlowIssue[] } {
  const { playbook, issues } = compileOrThrow(flow, what);
  const v = validatePlaybook(playbook);
  if (!v.ok) throw new ValidationError("the compiled playbook is invalid", v.issues);
  return { document: v.document, issues };
}

/** Publish the draft: compile, import as a version, publish (with a comment; refused when the workspace requires approval). */
export function publishDraft(ctx: ServiceContext, input: { id: string; revision: number; comment: string; actor: string }): DraftVersionResult {
  return draftToVersion(ctx, { ...input, publish: true });
}

/** Create a validated version from the draft without publishing it, optionally asking for its approval. */
export function commitDraft(ctx: ServiceContext, input: { id: string; revision: number; comment?: string; requestApproval?: boolean; actor: string }): DraftVersionResult {
  return draftToVersion(ctx, { ...input, publish: false });
}

/** The saved draft's playbook document (for a backtest of the draft): its revision and the validated document. */
export function savedDraftDocument(ctx: ServiceContext, id: string): { revision: number; document: PlaybookDocument } {
  const draft = loadDraft(ctx.db, playbookRow(ctx.db, id));
  return { revision: draft.revision, document: draftPlaybookDocument(draft.document, "cannot backtest the draft").document };
}

// ----- running ---------------------------------------------------------------------------------

/** The saved draft of a playbook, compiled to run on its own (simulate's draft mode). */
export function compiledDraft(ctx: ServiceContext, id: string): { playbook: CompiledPlaybook; document: FlowDocument } {
  const draft = loadDraft(ctx.db, playbookRow(ctx.db, id));
  const { playbook } = compileOrThrow(draft.document, "cannot run the draft");
  return { playbook: compilePlaybook(playbook, { versionId: `draft:${id}@${draft.revision}`, version: draft.baseVersion ?? 1 }), document: draft.document };
}

/** Run a document (saved or not) on one case: the decision and the path it took on the canvas. Nothing is stored. */
export async function tryDraft(input: { document: unknown; case: unknown }, clock: EngineClock = systemClock): Promise<TryDraftResult> {
  const doc = FlowDocument.safeParse(input.document);
  if (!doc.success) throw new ValidationError("the draft document is invalid", zodIssues(doc.error, "document"));
  const c = CaseInput.safeParse(input.case);
  if (!c.success) throw new ValidationError("the case is invalid", zodIssues(c.error, "case"));
  const { playbook, issues } = compileOrThrow(doc.data, "cannot try the draft");
  const compiled = compilePlaybook(playbook, { versionId: `draft:${doc.data.id}`, version: 1 });
  const [decision] = await decideCases([c.data], [compiled], clock);
  if (!decision) throw new Error("no decision for the case");
  return { decision, overlay: traceFlow(doc.data, decision.trace.facts, decision), issues };
}

/** A logged decision drawn on the canvas of the playbook version it recorded. */
export function decisionCanvas(ctx: ServiceContext, input: { decisionId: string; playbookId: string }): DecisionCanvas {
  const found = getDecision(ctx, input.decisionId);
  if (!found) throw new NotFoundError("decision", input.decisionId);
  const { decision } = found;
  const ref = decision.playbooks.find((r) => r.playbookId === input.playbookId);
  if (!ref)
    throw new NotFoundError(`playbook '${input.playbookId}' in decision`, input.decisionId);
  const v = ctx.db.select().from(playbookVersions).where(eq(playbookVersions.id, ref.versionId)).get();
  if (!v) throw new NotFoundError("playbook version", `${ref.playbookId}@${ref.version}`);
  const doc = flowPlaybookOf(v.document);
  if (!doc) throw new ValidationError(`playbook '${ref.playbookId}' v${ref.version} is not a flow playbook: it has no canvas`, [{ path: "playbookId", message: "not a flow playbook" }]);
  const document = playbookToFlow(doc);
  return {
    decisionId: decision.id,
    playbookId: ref.playbookId,
    version: ref.version,
    versionId: ref.versionId,
    document,
    overlay: traceFlow(document, decision.trace.facts, decision),
    caseId: decision.caseId ?? null,
  };
}

/** The newest stored cases, for the try panel's "last real cases" picker. */
export function recentCases(ctx: ServiceContext, input: { limit: number }): RecentCase[] {
  // The last stored, without scanning an unindexed created_at.
  const rows = ctx.db.select().from(cases).orderBy(desc(insertionOrder(cases))).limit(input.limit).all();
  return rows.map((row) => {
    const c = toStoredCase(row);
    const text = [c.input.subject, c.input.text].filter(Boolean).join(" — ").replace(/\s+/g, " ").trim();
    return { id: c.id, channel: c.channel, receivedAt: c.receivedAt, excerpt: text.length > 140 ? `${text.slice(0, 139)}…` : text, input: c.input };
  });
}
