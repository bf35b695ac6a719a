// Tone and OKR playbooks are edited as a form, not drawn: the form opens the newest version (or a
// starter document) and each save is a new validated version, through the same import path as the
// API, so history, approval and publishing work as for every playbook. Optimistic concurrency is on
// the version number: a save over a newer version is refused.
import { desc, eq } from "drizzle-orm";
import { OkrPlaybook, PLAYBOOK_SCHEMA_VERSION, TonePlaybook, type PlaybookKind, type VersionState } from "@/schemas";
import { DOCUMENT_KINDS, type CreatePlaybookRequest, type DocumentKind, type FormPlaybook, type ImportResult, type PlaybookDocumentView } from "@/schemas/resources";
import type { ServiceContext } from "../db/client";
import { playbookDrafts, playbooks, playbookVersions } from "../db/schema";
import { NotFoundError, ServiceError, ValidationError } from "../errors";
import { insertPlaybookTx, parseCreateRequest } from "./drafts";
import { importPlaybookTx, validatePlaybook } from "./playbooks";

const isDocumentKind = (k: string): k is DocumentKind => (DOCUMENT_KINDS as readonly string[]).includes(k);

/** What a new tone or OKR playbook starts from: the header and every list empty. */
export function starterDocument(req: Pick<CreatePlaybookRequest, "id" | "name" | "description" | "locale"> & { kind: DocumentKind }): FormPlaybook {
  const header = { schemaVersion: PLAYBOOK_SCHEMA_VERSION, id: req.id, name: req.name, locale: req.locale, ...(req.description ? { description: req.description } : {}) };
  return req.kind === "tone" ? TonePlaybook.parse({ ...header, kind: "tone" }) : OkrPlaybook.parse({ ...header, kind: "okr" });
}

function formPlaybookRow(ctx: ServiceContext, id: string) {
  const p = ctx.db.select().from(playbooks).where(eq(playbooks.id, id)).get();
  if (!p) throw new NotFoundError("playbook", id);
  if (!isDocumentKind(p.kind))
    throw new ServiceError("invalid_request", `playbook '${id}' is a ${p.kind} playbook: it is drawn on the canvas`, [{ path: "id", message: "open it in the canvas editor" }]);
  return { ...p, kind: p.kind };
}

function newestVersion(ctx: ServiceContext, id: string) {
  return ctx.db
    .select({ version: playbookVersions.version, document: playbookVersions.document }).from(playbookVersions).where(eq(playbookVersions.playbookId, id)).orderBy(desc(playbookVersions.version)).limit(1).get();
}

/** The document the form opens: the newest version, or the starter document when nothing was saved. */
export function getFormDocument(ctx: ServiceContext, id: string): PlaybookDocumentView {
  const p = formPlaybookRow(ctx, id);
  const v = newestVersion(ctx, id);
  // Before the first save, the starter document kept at creation (it remembers the chosen language).
  const stored = v?.document ?? ctx.db.select({ document: playbookDrafts.document }).from(playbookDrafts).where(eq(playbookDrafts.playbookId, id)).get()?.document;
  const raw = stored ? JSON.parse(stored) : starterDocument({ id, name: p.name, description: p.description ?? undefined, locale: "es", kind: p.kind });
  return { playbookId: id, kind: p.kind, baseVersion: v?.version ?? null, document: p.kind === "tone" ? TonePlaybook.parse(raw) : OkrPlaybook.parse(raw) };
}

/** A new tone or OKR playbook: the row and its starter document (not a version); its first save is version 1. */
export function createFormPlaybook(ctx: ServiceContext, input: { id: unknown; name: unknown; description?: unknown; locale?: unknown; kind?: unknown; actor: string }): PlaybookDocumentView {
  const { actor, ...fields } = input;
  const req = parseCreateRequest(fields, DOCUMENT_KINDS, "routing, escalation and crisis playbooks are drawn on the canvas: create them with playbooks.create");
  const kind = req.kind as DocumentKind;
  const document = starterDocument({ ...req, kind });
  ctx.db.transaction(
    (tx) => {
      const now = new Date().toISOString();
      insertPlaybookTx(tx, req, actor, now, { editedAs: "form" });
      tx.insert(playbookDrafts).values({ playbookId: req.id, revision: 1, baseVersion: null, document: JSON.stringify(document), updatedAt: now, updatedBy: actor }).run();
    },
    { behavior: "immediate" },
  );
  return { playbookId: req.id, kind, baseVersion: null, document };
}

/** Save the form as a new validated version (nothing is written when it equals the newest version). */
export function saveFormDocument(ctx: ServiceContext, input: { id: string; baseVersion: number | null; document: unknown; comment?: string; actor: string }): ImportResult {
  const p = formPlaybookRow(ctx, input.id);
  const doc = input.document as { id?: unknown; kind?: unknown } | null;
  if (typeof doc !== "object" || doc === null) throw new ServiceError("invalid_request", "send the whole document", [{ path: "document", message: "expected an object" }]);
  if (doc.id !== input.id) throw new ServiceError("invalid_request", "the document belongs to another playbook", [{ path: "document.id", message: `must be '${input.id}'` }]);
  if (doc.kind !== p.kind) throw new ServiceError("invalid_request", `this is a ${p.kind} playbook`, [{ path: "document.kind", message: `must stay '${p.kind satisfies PlaybookKind}'` }]);
  const v = validatePlaybook(input.document);
  if (!v.ok) throw new ValidationError("the playbook document is invalid", v.issues);
  return ctx.db.transaction(
    (tx) => {
      const newest = tx.select({ version: playbookVersions.version }).from(playbookVersions).where(eq(playbookVersions.playbookId, input.id)).orderBy(desc(playbookVersions.version)).limit(1).get()?.version ?? null;
      if (newest !== input.baseVersion)
        throw new ServiceError("conflict", `version ${newest} was saved after the one you opened (${input.baseVersion ?? "none"}): reload to see it, then make your change again`, [
          { path: "baseVersion", message: `the newest version is ${newest}` },
        ]);
      const result = importPlaybookTx(tx, v.document, { actor: input.actor, comment: input.comment });
      const state = tx.select({ state: playbookVersions.state }).from(playbookVersions).where(eq(playbookVersions.id, result.versionId)).get()!.state as VersionState;
      return { ...result, state };
    },
    { behavior: "immediate" },
  );
}
