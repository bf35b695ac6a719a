// API resources beyond cases and decisions: playbook versions, keys, audit entries.
import { z } from "zod";
import { StoredCase, PlaybookSummary } from "./api";
import { IsoDateTime } from "./common";
import { Decision } from "./decision";
import { CaseEvent } from "./event";
import { FlowDocument, FlowIssue, FlowKind } from "./graph";
import { FlowOverlay, PlaybookDraft } from "./editor";
import { CaseInput } from "./case";
import { ChangeComment, Locale, Slug } from "./common";
import { OkrPlaybook, PlaybookDocument, PlaybookKind, TonePlaybook, VersionState } from "./playbook";

export const API_SCOPES = ["ingest", "read", "manage"] as const;

export const PlaybookVersionInfo = z
  .object({
    id: z.string(),
    version: z.number().int(),
    state: VersionState,
    contentHash: z.string(),
    createdAt: IsoDateTime,
    createdBy: z.string(),
    publishedAt: IsoDateTime.nullable().describe("the newest time it went live"),
    comment: z.string().nullable().describe("the author's note when the version was made"),
  })
  .meta({ id: "PlaybookVersionInfo" });
export type PlaybookVersionInfo = z.infer<typeof PlaybookVersionInfo>;

export const PlaybookDetail = z
  .object({
    playbook: PlaybookSummary,
    versions: z.array(PlaybookVersionInfo).describe("newest first"),
    publishedDocument: PlaybookDocument.nullable().describe("the document cases run against now"),
    latestDocument: PlaybookDocument.nullable().describe("the newest version's document; null for a new playbook that so far has only a draft"),
  })
  .meta({ id: "PlaybookDetail" });
export type PlaybookDetail = z.infer<typeof PlaybookDetail>;

export const ImportResult = z
  .object({
    playbookId: z.string(),
    versionId: z.string(),
    version: z.number().int(),
    state: VersionState,
    created: z.boolean().describe("false when the document equals the newest version (nothing new was written)"),
    published: z.boolean(),
  })
  .meta({ id: "ImportResult" });
export type ImportResult = z.infer<typeof ImportResult>;

const Issue = z.object({ path: z.string(), message: z.string(), code: z.string().optional() });
export const ValidateResult = z
  .object({ ok: z.boolean(), issues: z.array(Issue) })
  .meta({ id: "ValidateResult" });

export const DecisionDetail = z
  .object({ decision: Decision, seq: z.number().int().describe("position in the hash chain"), case: StoredCase.nullable() })
  .meta({ id: "DecisionDetail" });

export const Health = z.object({ status: z.literal("ok"), time: IsoDateTime }).meta({ id: "Health" });

export const CaseEventReceipt = z
  .object({
    id: z.string(),
    caseId: z.string(),
    eventId: z.string(),
    type: z.string().describe("the event type, as posted"),
    duplicate: z.boolean().describe("true when this eventId was already recorded for the case"),
    decisionId: z.string().optional().describe("the decision the event produced (its SLA clock changes), in the decision log"),
  })
  .meta({ id: "CaseEventReceipt" });
export type CaseEventReceipt = z.infer<typeof CaseEventReceipt>;

export const CaseEventList = z.object({ items: z.array(CaseEvent) }).meta({ id: "CaseEventList" });

export const ApiScope = z.enum(API_SCOPES).meta({ id: "ApiScope", description: "ingest: post cases and events; read: read and simulate; manage: playbooks and keys" });

export const ApiKeyInfo = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string().describe("the first characters of the key, to tell keys apart"),
    scopes: z.array(ApiScope),
    createdAt: IsoDateTime,
    revokedAt: IsoDateTime.nullable(),
  })
  .meta({ id: "ApiKeyInfo" });
export type ApiKeyInfo = z.infer<typeof ApiKeyInfo>;

export const ApiKeyCreateRequest = z
  .object({ name: z.string().trim().min(1).max(100), scopes: z.array(ApiScope).min(1, "give at least one scope") })
  .meta({ id: "ApiKeyCreateRequest" });

export const ApiKeyCreated = z
  .object({ ...ApiKeyInfo.shape, key: z.string().describe("the secret; shown only in this answer") })
  .meta({ id: "ApiKeyCreated" });
export type ApiKeyCreated = z.infer<typeof ApiKeyCreated>;

export const AuditEntry = z
  .object({
    id: z.number().int(),
    at: IsoDateTime,
    actor: z.string().describe("api_key:<prefix>, or system:… for start-up imports"),
    action: z.string().describe('"{entity}.{verb}", e.g. playbook.published'),
    entityId: z.string(),
    before: z.json().nullable(),
    after: z.json().nullable(),
  })
  .meta({ id: "AuditEntry" });
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditQuery = z.object({
  entityId: z.string().max(200).optional().describe("the changed thing's id, e.g. a playbook id"),
  action: z.string().max(100).optional().describe("an exact action, e.g. playbook.published"),
  entity: z
    .string()
    .regex(/^[a-z_]{1,50}$/, "an entity kind such as playbook, api_key or user")
    .optional()
    .describe("the kind of thing changed: the part of the action before the dot (playbook, api_key, user…)"),
  actor: z.string().max(300).optional().describe("who made the change, exactly as logged: user:<email>, api_key:<prefix> or system:<what>"),
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional().describe("changes at or after this ISO date-time (or date)"),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional().describe("changes before this ISO date-time (or date)"),
  cursor: z.string().regex(/^\d{1,15}$/, "use the nextCursor of the previous page").optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export const AuditPage = z.object({ items: z.array(AuditEntry), nextCursor: z.string().nullable() }).meta({ id: "AuditPage" });
export type AuditPage = z.infer<typeof AuditPage>;

// ---------------------------------------------------------------------------------------------
// The canvas editor's server resources (drafts: schemas/editor.ts).

export const CreatePlaybookRequest = z
  .object({
    id: Slug.describe("the new playbook's id (lower-case letters, digits and dashes); cannot be changed later"),
    name: z.string().trim().min(1, "give the playbook a name").max(200),
    description: z.string().max(5000).optional(),
    locale: Locale.default("es"),
    kind: PlaybookKind.default("routing").describe(
      "routing, escalation (SLA policies and a ladder) or crisis (detectors, levels and overrides), drawn on the canvas; tone (guidelines and the reply check) or okr (objectives and key results), edited as a form; cannot be changed later",
    ),
  })
  .strict()
  .meta({
    id: "CreatePlaybookRequest",
    description: "a new, empty playbook with no versions yet: a flow kind gets a draft (just a trigger on the canvas); tone and okr get their starter document, saved as versions from the form",
  });
export type CreatePlaybookRequest = z.infer<typeof CreatePlaybookRequest>;

/** The kinds edited as a form (a whole document saved as a version) rather than drawn on the canvas. */
export const DOCUMENT_KINDS = ["tone", "okr"] as const;
export const DocumentKind = z.enum(DOCUMENT_KINDS).meta({ id: "DocumentKind" });
export type DocumentKind = z.infer<typeof DocumentKind>;
export type FormPlaybook = TonePlaybook | OkrPlaybook;

/** A tone or OKR playbook as its form editor opens it. */
export const PlaybookDocumentView = z
  .object({
    playbookId: Slug,
    kind: DocumentKind,
    baseVersion: z.number().int().min(1).nullable().describe("the newest version, which the form opens (published or not); null: nothing saved yet, a starter document"),
    document: z.union([TonePlaybook, OkrPlaybook]),
  })
  .meta({ id: "PlaybookDocumentView" });
export type PlaybookDocumentView = z.infer<typeof PlaybookDocumentView>;

export const SaveDocumentRequest = z
  .object({
    id: Slug,
    baseVersion: z.number().int().min(1).nullable().describe("the newest version when the edit started; a save over a newer one is refused (409)"),
    document: z.unknown().describe("the whole tone or OKR document; validated as an import"),
    comment: z.string().trim().max(2000).optional(),
  })
  .meta({ id: "SaveDocumentRequest" });
export type SaveDocumentRequest = z.infer<typeof SaveDocumentRequest>;

const DraftRevision = z.number().int().min(0).describe("the draft revision you are looking at; a newer one is refused (409)");

export const PublishDraftRequest = z
  .object({ revision: DraftRevision, comment: ChangeComment("why this goes live") })
  .meta({ id: "PublishDraftRequest" });
export type PublishDraftRequest = z.infer<typeof PublishDraftRequest>;

/** Make a version of the draft without publishing it; with `requestApproval`, also ask a second person to approve it. */
export const CommitDraftRequest = z
  .object({
    revision: DraftRevision,
    comment: z.string().trim().max(2000).optional().describe("what changed and why (shown in the version list and to approvers)"),
    requestApproval: z.boolean().default(false),
  })
  .meta({ id: "CommitDraftRequest" });
export type CommitDraftRequest = z.infer<typeof CommitDraftRequest>;

export const DraftVersionResult = z
  .object({
    ...ImportResult.shape,
    draft: PlaybookDraft.describe("the draft after the change: its baseVersion is now the new version"),
    warnings: z.array(FlowIssue).describe("warnings do not block publishing; they are listed for the record"),
  })
  .meta({ id: "DraftVersionResult" });
export type DraftVersionResult = z.infer<typeof DraftVersionResult>;

export const TryDraftRequest = z
  .object({
    document: FlowDocument.describe("the document as the editor holds it (it need not be saved)"),
    case: CaseInput,
  })
  .meta({ id: "TryDraftRequest" });

export const TryDraftResult = z
  .object({ decision: Decision, overlay: FlowOverlay, issues: z.array(FlowIssue) })
  .meta({ id: "TryDraftResult" });
export type TryDraftResult = z.infer<typeof TryDraftResult>;

export const DecisionCanvas = z
  .object({
    decisionId: z.string(),
    playbookId: z.string(),
    version: z.number().int().describe("the playbook version the decision recorded"),
    versionId: z.string(),
    document: FlowDocument.describe("that version as a FlowDocument (its graph, or its rules laid out)"),
    overlay: FlowOverlay,
    caseId: z.string().nullable(),
  })
  .meta({ id: "DecisionCanvas" });
export type DecisionCanvas = z.infer<typeof DecisionCanvas>;

export const RecentCase = z
  .object({
    id: z.string(),
    channel: z.string(),
    receivedAt: IsoDateTime,
    excerpt: z.string().describe("the first 140 characters of the subject and text"),
    input: CaseInput,
  })
  .meta({ id: "RecentCase" });
export type RecentCase = z.infer<typeof RecentCase>;
