import { z } from "zod";
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiResponsesObject } from "zod-openapi";
import { ApiError, CaseCreated, CaseEvent, CaseInput, CaseWithDecisions, DecisionPage, DecisionExportRow, DecisionSearchFilters, ExportFormat, PlaybookDocument, PlaybookSummary, SimulateRequest, SimulateResponse, VerifyResult, VerifyRangeQuery, VerifyRangeResult, ReplayResult, ReplaySampleRequest, ReplaySampleResult } from "@/schemas";
import { CaseTimeline, PlaybookVersionDetail } from "@/schemas/history";
import { AcceptInvitationRequest, LoginRequest, SessionInfo } from "@/schemas/users";
import { ApiKeyCreated, AuditPage, AuditQuery, ApiKeyCreateRequest, ApiKeyInfo, CaseEventList, CaseEventReceipt, CreatePlaybookRequest, DecisionDetail, PlaybookDocumentView, DraftVersionResult, Health, ImportResult, PlaybookDetail, CommitDraftRequest, PublishDraftRequest, ValidateResult } from "@/schemas/resources";
import { ApprovalDecisionBody, ApprovalRequest, BacktestChangePage, BacktestChangesQuery, BacktestInfo, BacktestRequest, PublishRequest, PublishResult, PublishSchedule, RequestApprovalBody, RollbackRequest, VersionDiff, VersionList, WorkspaceSettings, WorkspaceSettingsUpdate } from "@/schemas/lifecycle";
import { PlaybookDraft, SaveDraftRequest, SaveDraftResult } from "@/schemas/editor";
import { SlaClockList } from "@/schemas/escalation";
import { NotificationItem, NotificationList, NotificationQuery, WebhookDelivery, WebhookDeliveryList, WebhookDeliveryQuery, WebhookEndpoint, WebhookEndpointCreate, WebhookEndpointUpdate, WebhookEndpointWithSecret } from "@/schemas/notifications";
import { CrisisChecklistItem, CrisisChecklistRequest, CrisisIncidentDetail, CrisisIncidentList, CrisisIncidentsQuery, CrisisResolveRequest } from "@/schemas/crisis";
import { MetricSeries, OkrDashboard, OkrDashboardQuery, OkrLintResponse, OkrMetric } from "@/schemas/okr";
import { Channel } from "@/schemas/case";
import { OkrPlaybook } from "@/schemas/playbook";

const jsonBody = (schema: z.ZodType, description: string) => ({ description, content: { "application/json": { schema } } });
const errors = (...codes: number[]): ZodOpenApiResponsesObject =>
  Object.fromEntries(codes.map((c) => [String(c), jsonBody(ApiError, ERROR_TEXT[c] ?? "error")]));
const ERROR_TEXT: Record<number, string> = {
  400: "invalid JSON or query",
  401: "missing or wrong API key (names headers.authorization), and no session",
  403: "the key lacks the needed scope or the user the needed role (the message names it); or a session call without x-csrf-token",
  404: "not found",
  409: "conflicts with the stored state",
  413: "body larger than 1 MB",
  422: "the body does not match the schema; one issue per offending field",
};
const secured = { security: [{ bearer: [] }, { session: [] }] as Record<string, string[]>[] };
const idParam = { path: z.object({ id: z.string() }) };
const versionParams = { path: z.object({ id: z.string(), version: z.string().regex(/^[1-9]\d*$/) }) };

const WEBHOOKS_TEXT = `## Webhooks

Every notify action of a live decision is an in-app notification (GET /api/v1/notifications) and, for each enabled endpoint whose targets list is empty or names the target, a POST of a JSON body to the endpoint's URL with these headers:

- \`content-type: application/json\`
- \`x-pauta-delivery\`: the delivery id (the same on every retry: use it to ignore duplicates)
- \`x-pauta-timestamp\`: unix seconds when this attempt was signed
- \`x-pauta-signature\`: \`v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>\`, where secret is the endpoint's secret (shown when the endpoint is created or its secret rotated) and body the exact bytes received

To verify: compute the HMAC over the timestamp header, a dot and the raw body, compare in constant time, and refuse timestamps more than a few minutes from your clock.

Any 2xx answer delivers it. Anything else (another status, a network error, no answer within 10 s) is a failed attempt: the next one waits base × 2^(attempts−1) (PAUTA_WEBHOOK_RETRY_BASE_MS, 30 s by default: 30 s, 1 min, 2 min, …). After PAUTA_WEBHOOK_MAX_ATTEMPTS attempts (6 by default) the delivery is dead: it is listed by GET /api/v1/webhook-deliveries?status=dead until someone retries it (POST /api/v1/webhook-deliveries/{id}/retry), which starts a fresh round of attempts; the audit log keeps the dead round.`;

function op(o: ZodOpenApiOperationObject): ZodOpenApiOperationObject {
  return o;
}

let cached: ReturnType<typeof createDocument> | undefined;

/** The OpenAPI 3.1 document, generated from the same zod schemas the handlers validate with. */
export function openApiDocument(): ReturnType<typeof createDocument> {
  cached ??= createDocument({
    openapi: "3.1.0",
    info: { title: "Pauta API", version: "1.0.0", description: `Post cases and get routing decisions with their traces; manage playbooks; verify the decision log.\n\n${WEBHOOKS_TEXT}` },
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "an API key; its scopes (ingest, read, manage) decide what it may call" },
        session: {
          type: "apiKey",
          in: "cookie",
          name: "pauta_session",
          description: "a signed-in person (POST /api/v1/session); their role decides what they may call; changes also need the x-csrf-token header equal to the pauta_csrf cookie",
        },
      },
    },
    paths: {
      "/api/v1/health": { get: op({ summary: "Liveness", responses: { "200": jsonBody(Health, "up") } }) },
      "/api/v1/cases": {
        post: op({
          ...secured,
          summary: "Post a case and get its decision",
          requestBody: { content: { "application/json": { schema: CaseInput } } },
          responses: { "201": jsonBody(CaseCreated, "decided"), "200": jsonBody(CaseCreated, "a retry: the first answer, duplicate: true"), ...errors(400, 401, 403, 413, 422) },
        }),
      },
      "/api/v1/cases/{id}": {
        get: op({ ...secured, summary: "A case with its decisions", requestParams: idParam, responses: { "200": jsonBody(CaseWithDecisions, "the case"), ...errors(401, 404) } }),
      },
      "/api/v1/cases/{id}/timeline": {
        get: op({
          ...secured,
          summary: "A case's timeline across channels",
          description: "The case, then every decision and event of it and of the same customer's other cases (by customer id, any channel), oldest first.",
          requestParams: idParam,
          responses: { "200": jsonBody(CaseTimeline, "the timeline"), ...errors(401, 403, 404) },
        }),
      },
      "/api/v1/cases/{id}/events": {
        post: op({
          ...secured,
          summary: "Record an event of a case (idempotent on eventId)",
          requestParams: idParam,
          requestBody: { content: { "application/json": { schema: CaseEvent } } },
          responses: { "201": jsonBody(CaseEventReceipt, "recorded"), "200": jsonBody(CaseEventReceipt, "a retry: duplicate: true"), ...errors(400, 401, 403, 404, 413, 422) },
        }),
        get: op({ ...secured, summary: "A case's events in order", requestParams: idParam, responses: { "200": jsonBody(CaseEventList, "the events"), ...errors(401, 404) } }),
      },
      "/api/v1/cases/{id}/sla": {
        get: op({
          ...secured,
          summary: "A case's SLA clocks",
          description:
            "First response, next response and resolution clocks, oldest first, with the SLA time used so far (business minutes for a business-time policy) and, while running, when each breaches. Events move them: an agent reply stops the response clocks and pauses resolution, a customer reply resumes it, resolved stops all.",
          requestParams: idParam,
          responses: { "200": jsonBody(SlaClockList, "the clocks"), ...errors(401, 403, 404) },
        }),
      },
      "/api/v1/decisions": {
        get: op({
          ...secured,
          summary: "Search decisions, newest first",
          description:
            "Every filter is optional and they combine with AND. Newest first by decision time (then chain position); follow nextCursor for the next page. Unknown or repeated parameters are refused with 422 naming them.",
          requestParams: { query: DecisionSearchFilters },
          responses: { "200": jsonBody(DecisionPage, "one page"), ...errors(401, 403, 422) },
        }),
      },
      "/api/v1/decisions/export": {
        get: op({
          ...secured,
          summary: "Export every decision of a search (CSV or JSONL), streamed",
          description:
            "The full result, not a page, newest first, streamed in batches. X-Total-Count gives the number of rows (for a progress bar). CSV (RFC 4180) has a header row; lists (tags, firedRules as playbookId/ruleId, playbooks as playbookId@versionId) are space-separated. JSONL has one DecisionExportRow per line.",
          requestParams: { query: DecisionSearchFilters.omit({ limit: true, cursor: true }).extend({ format: ExportFormat.default("csv") }) },
          responses: {
            "200": {
              description: "the decisions",
              headers: z.object({ "x-total-count": z.string().describe("how many decisions the export holds") }),
              content: { "text/csv": { schema: z.string() }, "application/x-ndjson": { schema: DecisionExportRow } },
            },
            ...errors(401, 403, 422),
          },
        }),
      },
      "/api/v1/decisions/{id}": {
        get: op({ ...secured, summary: "A decision with its full trace", requestParams: idParam, responses: { "200": jsonBody(DecisionDetail, "the decision"), ...errors(401, 404) } }),
      },
      "/api/v1/simulate": {
        post: op({
          ...secured,
          summary: "Evaluate without persisting anything",
          description:
            "Modes: `published` (the live playbooks), `playbook` (a document you send), `draft` (the saved canvas draft of `playbookId`, alone; 422 with the draft's errors, node by node, when it does not compile), `rules` (plain json-rules-engine rules on facts).",
          requestBody: { content: { "application/json": { schema: SimulateRequest } } },
          responses: { "200": jsonBody(SimulateResponse, "the decisions or json-rules-engine results"), ...errors(400, 401, 413, 422) },
        }),
      },
      "/api/v1/audit/verify": {
        get: op({
          ...secured,
          summary: "Verify the decision hash chain",
          description: "Without parameters: the whole chain (VerifyResult). With fromSeq, limit or prevHash: one chunk of a resumable walk (VerifyRangeResult); call again with its nextSeq and prevHash until done.",
          requestParams: { query: VerifyRangeQuery.partial() },
          responses: { "200": jsonBody(z.union([VerifyResult, VerifyRangeResult]), "ok, or the first row that does not match"), ...errors(401, 403, 422) },
        }),
      },
      "/api/v1/audit/replay-sample": {
        post: op({
          ...secured,
          summary: "Replay a random sample of all decisions",
          requestBody: { content: { "application/json": { schema: ReplaySampleRequest } } },
          responses: { "200": jsonBody(ReplaySampleResult, "how many replayed identical, and the ids that did not"), ...errors(400, 401, 403, 422) },
        }),
      },
      "/api/v1/decisions/{id}/replay": {
        post: op({
          ...secured,
          summary: "Replay one decision against the playbook versions it recorded",
          requestParams: idParam,
          responses: { "200": jsonBody(ReplayResult, "identical, or each difference (path, stored, replayed)"), ...errors(401, 403, 404) },
        }),
      },
      "/api/v1/cases/{id}/evidence": {
        get: op({
          ...secured,
          summary: "The evidence bundle of a case",
          description: "A JSON file (attachment) with the case, its events, its decisions exactly as hashed with their chain links, the playbook versions used and a digest. `node scripts/verify-evidence.mjs <file>` checks it without Pauta.",
          requestParams: idParam,
          responses: { "200": { description: "the bundle (format pauta-evidence-bundle, version 1)", content: { "application/json": { schema: z.record(z.string(), z.unknown()) } } }, ...errors(401, 403, 404) },
        }),
      },
      "/api/v1/audit/log": {
        get: op({ ...secured, summary: "Configuration changes, newest first", requestParams: { query: AuditQuery }, responses: { "200": jsonBody(AuditPage, "one page"), ...errors(401, 422) } }),
      },
      "/api/v1/playbooks": {
        get: op({ ...secured, summary: "List playbooks", responses: { "200": jsonBody(z.object({ items: z.array(PlaybookSummary) }), "all playbooks"), ...errors(401) } }),
        post: op({
          ...secured,
          summary: "Import a playbook document as a new version, or create a new, empty playbook",
          description:
            "A body with `schemaVersion` (or `rules`, or `kind` beside fields a CreatePlaybookRequest does not have) is a playbook document (the JSON of a playbooks/ file): imported as a new version. ?publish=true&comment=… also publishes it (409 `approval_required`, nothing written, when the workspace requires approval); ?requestApproval=true&comment=… asks a second person to approve it (`approval` in the answer). A routing document with a `graph` must compile, and its `trigger` and `rules` must be what the graph compiles to (empty `rules` are filled in from the graph). Any other body is a CreatePlaybookRequest: a new playbook with no versions — a routing, escalation or crisis playbook gets an empty canvas draft (201 with the draft), a tone or okr playbook its starter document (201 with a PlaybookDocumentView; its versions are imported documents); 409 if the id is taken.",
          requestParams: {
            query: z.object({
              publish: z.enum(["true", "false"]).optional().describe("also publish the version (imports only; needs `comment`)"),
              requestApproval: z.enum(["true", "false"]).optional().describe("ask a second person to approve the version"),
              comment: z.string().optional().describe("why: required with publish, shown to approvers"),
            }),
          },
          requestBody: { content: { "application/json": { schema: z.union([PlaybookDocument, CreatePlaybookRequest]) } } },
          responses: {
            "201": jsonBody(z.union([ImportResult, PlaybookDraft, PlaybookDocumentView]), "a new version (import), or the new playbook's draft or starter document (create)"),
            "200": jsonBody(ImportResult, "same as the newest version"),
            ...errors(400, 401, 403, 409, 413, 422),
          },
        }),
      },
      "/api/v1/playbooks/validate": {
        post: op({
          ...secured,
          summary: "Validate a playbook document",
          requestBody: { content: { "application/json": { schema: PlaybookDocument } } },
          responses: { "200": jsonBody(ValidateResult, "ok, or the issues by field"), ...errors(400, 401, 413) },
        }),
      },
      "/api/v1/playbooks/{id}": {
        get: op({ ...secured, summary: "A playbook with its versions", requestParams: idParam, responses: { "200": jsonBody(PlaybookDetail, "the playbook"), ...errors(401, 404) } }),
      },
      "/api/v1/playbooks/{id}/draft": {
        get: op({
          ...secured,
          summary: "The playbook's shared canvas draft",
          description: "The saved draft, or (none saved yet) the published, else newest, version as a canvas document at revision 0. `issues` are the validator's: errors block publishing, warnings do not.",
          requestParams: idParam,
          responses: { "200": jsonBody(PlaybookDraft, "the draft"), ...errors(401, 403, 404, 422) },
        }),
        put: op({
          ...secured,
          summary: "Save the canvas draft",
          description:
            "Saved when `baseRevision` is the draft's current revision (0 before the first save); a draft with errors is saved too (they come back as issues). Someone else's newer save is never overwritten: 409, with `error.current` = { revision, updatedBy, updatedByActor, updatedAt }. The document's id must be the path's.",
          requestParams: idParam,
          requestBody: { content: { "application/json": { schema: SaveDraftRequest } } },
          responses: { "200": jsonBody(SaveDraftResult, "saved: the new revision"), ...errors(400, 401, 403, 404, 409, 413, 422) },
        }),
      },
      "/api/v1/playbooks/{id}/draft/publish": {
        post: op({
          ...secured,
          summary: "Publish the canvas draft",
          description:
            "Compiles the draft at `revision`, imports it as a new version (graph included) and publishes it, in one transaction; the draft's baseVersion becomes that version. A draft with errors is refused with 422: `issues` name each node and field (nodes.<nodeId>.<field>) and `error.flowIssues` holds the validator's issues. 409 when the draft has moved past `revision`.",
          requestParams: idParam,
          requestBody: { content: { "application/json": { schema: PublishDraftRequest } } },
          responses: { "200": jsonBody(DraftVersionResult, "published"), ...errors(400, 401, 403, 404, 409, 422) },
        }),
      },
      "/api/v1/playbooks/{id}/versions/{version}": {
        get: op({
          ...secured,
          summary: "One exact playbook version",
          requestParams: { path: z.object({ id: z.string(), version: z.string().regex(/^[1-9]\d*$/) }) },
          responses: { "200": jsonBody(PlaybookVersionDetail, "the version"), ...errors(400, 401, 403, 404) },
        }),
      },
      "/api/v1/playbooks/{id}/draft/version": {
        post: op({
          ...secured,
          summary: "Make a version of the canvas draft without publishing it",
          description: "Like draft/publish, but the version stays validated; with `requestApproval` a second person is asked to approve it (the strategist's hand-off).",
          requestParams: idParam,
          requestBody: { content: { "application/json": { schema: CommitDraftRequest } } },
          responses: { "201": jsonBody(DraftVersionResult, "the version"), ...errors(400, 401, 403, 404, 409, 422) },
        }),
      },
      "/api/v1/playbooks/{id}/versions": {
        get: op({
          ...secured,
          summary: "Every version: who, when, why, state, approval, schedules, backtest; and the publish log",
          requestParams: idParam,
          responses: { "200": jsonBody(VersionList, "newest first"), ...errors(401, 403, 404) },
        }),
      },
      "/api/v1/playbooks/{id}/diff": {
        get: op({
          ...secured,
          summary: "Compare two versions",
          description: "Rules added, removed and changed (with the changed fields), other document changes, and for routing playbooks both drawings with the node and edge ids that differ (positions ignored).",
          requestParams: { path: z.object({ id: z.string() }), query: z.object({ from: z.string().regex(/^[1-9]\d*$/), to: z.string().regex(/^[1-9]\d*$/) }) },
          responses: { "200": jsonBody(VersionDiff, "the comparison"), ...errors(400, 401, 403, 404, 422) },
        }),
      },
      "/api/v1/playbooks/{id}/file": {
        get: op({
          ...secured,
          summary: "Export a version as a playbook file",
          description: "The stored document, exactly the JSON of a playbooks/ file (importable with POST /api/v1/playbooks in another environment). The published version, or ?version=N. X-Pauta-Version names the version.",
          requestParams: { path: z.object({ id: z.string() }), query: z.object({ version: z.string().regex(/^[1-9]\d*$/).optional() }) },
          responses: { "200": jsonBody(PlaybookDocument, "the file (attachment)"), ...errors(400, 401, 403, 404) },
        }),
      },
      "/api/v1/playbooks/{id}/publish": {
        post: op({
          ...secured,
          summary: "Publish a version now, or schedule it",
          description:
            "Now: { version, comment }; the next case in every process uses it. Scheduled: add `at` (in the future) and optionally `until`, after which the version live before the window returns (unless another was published during it). When the workspace requires approval, a version that was never live needs an approved request (409 `approval_required`); a rejected one never goes live.",
          requestParams: idParam,
          requestBody: { content: { "application/json": { schema: PublishRequest } } },
          responses: { "200": jsonBody(PublishResult, "published (or already live)"), "201": jsonBody(PublishResult, "scheduled"), ...errors(400, 401, 403, 404, 409, 422) },
        }),
      },
      "/api/v1/playbooks/{id}/rollback": {
        post: op({
          ...secured,
          summary: "Roll back to an earlier version in one action",
          description: "The version must have been live before. Recorded as a new publish (kind rollback) with the reason; no approval needed, since it was live already.",
          requestParams: idParam,
          requestBody: { content: { "application/json": { schema: RollbackRequest } } },
          responses: { "200": jsonBody(PublishResult, "rolled back"), ...errors(400, 401, 403, 404, 409, 422) },
        }),
      },
      "/api/v1/playbooks/{id}/schedules": {
        get: op({ ...secured, summary: "Scheduled publishes of a playbook", requestParams: idParam, responses: { "200": jsonBody(z.object({ items: z.array(PublishSchedule) }), "newest start first"), ...errors(401, 403, 404) } }),
      },
      "/api/v1/playbooks/{id}/schedules/{scheduleId}": {
        delete: op({
          ...secured,
          summary: "Cancel a scheduled publish (or the end of a running window)",
          requestParams: { path: z.object({ id: z.string(), scheduleId: z.string() }) },
          responses: { "200": jsonBody(PublishSchedule, "cancelled"), ...errors(401, 403, 404, 409) },
        }),
      },
      "/api/v1/playbooks/{id}/versions/{version}/approval": {
        post: op({
          ...secured,
          summary: "Ask a second person to approve a version",
          description: "One request per playbook is pending at a time: a new request withdraws the older one, so nobody can approve content that was replaced. The newest finished backtest of the version's content is attached.",
          requestParams: versionParams,
          requestBody: { content: { "application/json": { schema: RequestApprovalBody } } },
          responses: { "201": jsonBody(ApprovalRequest, "awaiting approval"), ...errors(400, 401, 403, 404, 409, 422) },
        }),
        delete: op({ ...secured, summary: "Withdraw the pending request (its requester, or an admin)", requestParams: versionParams, responses: { "200": jsonBody(ApprovalRequest, "withdrawn"), ...errors(401, 403, 404, 409) } }),
      },
      "/api/v1/playbooks/{id}/versions/{version}/approve": {
        post: op({
          ...secured,
          summary: "Approve a version (a person with the operator role; never its author)",
          description: "People only (sign in; API keys get 403). 403 for the version's author or the requester. 409 when the request was withdrawn or replaced, or `contentHash` is not the content of the request (it changed since you reviewed it).",
          requestParams: versionParams,
          requestBody: { content: { "application/json": { schema: ApprovalDecisionBody } } },
          responses: { "200": jsonBody(ApprovalRequest, "approved"), ...errors(400, 401, 403, 404, 409, 422) },
        }),
      },
      "/api/v1/playbooks/{id}/versions/{version}/reject": {
        post: op({
          ...secured,
          summary: "Reject a version, with the reason",
          requestParams: versionParams,
          requestBody: { content: { "application/json": { schema: ApprovalDecisionBody } } },
          responses: { "200": jsonBody(ApprovalRequest, "rejected"), ...errors(400, 401, 403, 404, 409, 422) },
        }),
      },
      "/api/v1/playbooks/{id}/backtests": {
        get: op({ ...secured, summary: "The playbook's backtests", requestParams: idParam, responses: { "200": jsonBody(z.object({ items: z.array(BacktestInfo) }), "newest first"), ...errors(401, 403, 404) } }),
        post: op({
          ...secured,
          summary: "Backtest the draft or a version on stored cases",
          description:
            "Runs in a worker thread: the newest `limit` stored cases (up to 100,000; filter by date and channel), each case's recorded facts through the published playbooks and through the same set with the tried version in place of this playbook's published one. Poll GET /api/v1/backtests/{id} for progress; the changed cases are at /changes.",
          requestParams: idParam,
          requestBody: { content: { "application/json": { schema: BacktestRequest } } },
          responses: { "202": jsonBody(BacktestInfo, "started"), ...errors(400, 401, 403, 404, 409, 422) },
        }),
      },
      "/api/v1/backtests/{id}": {
        get: op({ ...secured, summary: "A backtest's progress and summary", requestParams: idParam, responses: { "200": jsonBody(BacktestInfo, "the backtest"), ...errors(401, 403, 404) } }),
      },
      "/api/v1/backtests/{id}/changes": {
        get: op({
          ...secured,
          summary: "The cases a backtest changed, with both outcomes",
          requestParams: { path: z.object({ id: z.string() }), query: BacktestChangesQuery },
          responses: { "200": jsonBody(BacktestChangePage, "one page"), ...errors(401, 403, 404, 422) },
        }),
      },
      "/api/v1/backtests/{id}/cancel": {
        post: op({ ...secured, summary: "Stop a running backtest", requestParams: idParam, responses: { "200": jsonBody(BacktestInfo, "cancelling (or cancelled)"), ...errors(401, 403, 404, 409) } }),
      },
      "/api/v1/crisis/incidents": {
        get: op({
          ...secured,
          summary: "Crisis incidents, newest first",
          description: "Raised by the crisis playbooks' detectors when a window count reaches a level; active ones put their playbook in crisis mode.",
          requestParams: { query: CrisisIncidentsQuery },
          responses: { "200": jsonBody(CrisisIncidentList, "the incidents"), ...errors(401, 403, 422) },
        }),
      },
      "/api/v1/crisis/incidents/{id}": {
        get: op({
          ...secured,
          summary: "A crisis incident with its checklist, volume and decisions",
          requestParams: idParam,
          responses: { "200": jsonBody(CrisisIncidentDetail, "the incident"), ...errors(401, 403, 404) },
        }),
      },
      "/api/v1/crisis/incidents/{id}/resolve": {
        post: op({
          ...secured,
          summary: "Resolve an active incident (ends crisis mode)",
          description: "Logged as a crisis decision (change resolved, by, note) in the chained decision log; the incident's end timer is cancelled.",
          requestParams: idParam,
          requestBody: { content: { "application/json": { schema: CrisisResolveRequest } } },
          responses: { "200": jsonBody(CrisisIncidentDetail, "the resolved incident"), ...errors(400, 401, 403, 404, 409, 413, 422) },
        }),
      },
      "/api/v1/crisis/incidents/{id}/checklist/{itemId}": {
        post: op({
          ...secured,
          summary: "Mark a protocol item done or not done",
          requestParams: { path: z.object({ id: z.string(), itemId: z.string() }) },
          requestBody: { content: { "application/json": { schema: CrisisChecklistRequest } } },
          responses: { "200": jsonBody(CrisisChecklistItem, "the item"), ...errors(400, 401, 403, 404, 413, 422) },
        }),
      },
      "/api/v1/metrics/{metric}": {
        get: op({
          ...secured,
          summary: "One metric of the catalogue, per UTC day and over the whole range",
          description:
            "Computed from Pauta's own cases, decisions, SLA clocks, case events and crisis incidents; each definition (what is counted, which day it belongs to) is in app/_server/services/METRICS.md. `value` is the metric over the whole range (not the mean of the days), `count` what was measured. `channel` filters the case-based metrics (every one but crisis_time_to_ack_minutes).",
          requestParams: { path: z.object({ metric: OkrMetric }), query: z.object({ from: z.iso.date(), to: z.iso.date().describe("inclusive"), channel: Channel.optional() }) },
          responses: { "200": jsonBody(MetricSeries, "the series"), ...errors(401, 403, 422) },
        }),
      },
      "/api/v1/okr/{playbookId}/dashboard": {
        get: op({
          ...secured,
          summary: "An OKR set's dashboard: each key result's series and progress, the publishes in the range, the lint",
          description:
            "The published version of the OKR playbook (else the newest). Each key result is measured from its startDate (else `from`, else 30 days back) to today or its targetDate, whichever comes first (`to` overrides). `markers` are the publishes and rollbacks of every playbook in the dashboard's range.",
          requestParams: { path: z.object({ playbookId: z.string() }), query: OkrDashboardQuery },
          responses: { "200": jsonBody(OkrDashboard, "the dashboard"), ...errors(401, 403, 404, 422) },
        }),
      },
      "/api/v1/okr/lint": {
        post: op({
          ...secured,
          summary: "Lint an OKR set: the seeds' advice (3–5 objectives, about three key results, results not activities, target dates)",
          description: "Advice only, in the set's language; the same lint runs in the editor as you type. 422 when the document does not parse.",
          requestBody: { content: { "application/json": { schema: OkrPlaybook } } },
          responses: { "200": jsonBody(OkrLintResponse, "the issues (empty when the set follows the advice)"), ...errors(400, 401, 403, 413, 422) },
        }),
      },
      "/api/v1/settings": {
        get: op({ ...secured, summary: "Workspace settings", responses: { "200": jsonBody(WorkspaceSettings, "the settings"), ...errors(401, 403) } }),
        put: op({
          ...secured,
          summary: "Change workspace settings (admins)",
          requestBody: { content: { "application/json": { schema: WorkspaceSettingsUpdate } } },
          responses: { "200": jsonBody(WorkspaceSettings, "the settings after the change"), ...errors(400, 401, 403, 422) },
        }),
      },
      "/api/v1/api-keys": {
        get: op({ ...secured, summary: "List API keys (never their secrets)", responses: { "200": jsonBody(z.object({ items: z.array(ApiKeyInfo) }), "the keys"), ...errors(401, 403) } }),
        post: op({
          ...secured,
          summary: "Create an API key",
          requestBody: { content: { "application/json": { schema: ApiKeyCreateRequest } } },
          responses: { "201": jsonBody(ApiKeyCreated, "the key, with its secret shown once"), ...errors(400, 401, 403, 422) },
        }),
      },
      "/api/v1/api-keys/{id}": {
        delete: op({ ...secured, summary: "Revoke an API key", requestParams: idParam, responses: { "200": jsonBody(ApiKeyInfo, "revoked"), ...errors(401, 403, 404, 409) } }),
      },
      "/api/v1/webhooks": {
        get: op({ ...secured, summary: "List webhook endpoints (never their secrets)", responses: { "200": jsonBody(z.object({ items: z.array(WebhookEndpoint) }), "the endpoints"), ...errors(401, 403) } }),
        post: op({
          ...secured,
          summary: "Create a webhook endpoint",
          description: "The signing secret (32 random bytes, base64url) is generated by Pauta and shown only in this answer; see the webhooks section above for the signature.",
          requestBody: { content: { "application/json": { schema: WebhookEndpointCreate } } },
          responses: { "201": jsonBody(WebhookEndpointWithSecret, "created, with its secret shown once"), ...errors(400, 401, 403, 413, 422) },
        }),
      },
      "/api/v1/webhooks/{id}": {
        get: op({ ...secured, summary: "A webhook endpoint", requestParams: idParam, responses: { "200": jsonBody(WebhookEndpoint, "the endpoint"), ...errors(401, 403, 404) } }),
        patch: op({
          ...secured,
          summary: "Change a webhook endpoint (name, URL, targets, enabled)",
          requestParams: idParam,
          requestBody: { content: { "application/json": { schema: WebhookEndpointUpdate } } },
          responses: { "200": jsonBody(WebhookEndpoint, "the endpoint after the change"), ...errors(400, 401, 403, 404, 422) },
        }),
        delete: op({ ...secured, summary: "Delete a webhook endpoint and its deliveries", requestParams: idParam, responses: { "200": jsonBody(z.object({ id: z.string(), deleted: z.literal(true) }), "deleted"), ...errors(401, 403, 404) } }),
      },
      "/api/v1/webhooks/{id}/rotate-secret": {
        post: op({ ...secured, summary: "Replace an endpoint's signing secret (shown only in this answer)", requestParams: idParam, responses: { "200": jsonBody(WebhookEndpointWithSecret, "the new secret"), ...errors(401, 403, 404) } }),
      },
      "/api/v1/webhooks/{id}/test": {
        post: op({ ...secured, summary: "Send a signed ping (type: ping) to the endpoint", requestParams: idParam, responses: { "202": jsonBody(WebhookDelivery, "queued; the delivery loop sends it within a second"), ...errors(401, 403, 404) } }),
      },
      "/api/v1/webhooks/{id}/deliveries": {
        get: op({ ...secured, summary: "An endpoint's deliveries, newest first", requestParams: { path: z.object({ id: z.string() }), query: WebhookDeliveryQuery }, responses: { "200": jsonBody(WebhookDeliveryList, "the deliveries"), ...errors(401, 403, 404, 422) } }),
      },
      "/api/v1/webhook-deliveries": {
        get: op({ ...secured, summary: "Every endpoint's deliveries; ?status=dead is the dead-letter list", requestParams: { query: WebhookDeliveryQuery }, responses: { "200": jsonBody(WebhookDeliveryList, "the deliveries"), ...errors(401, 403, 422) } }),
      },
      "/api/v1/webhook-deliveries/{id}/retry": {
        post: op({ ...secured, summary: "Retry a dead delivery: pending, due now, a fresh round of attempts", requestParams: idParam, responses: { "200": jsonBody(WebhookDelivery, "pending again"), ...errors(401, 403, 404, 409) } }),
      },
      "/api/v1/notifications": {
        get: op({ ...secured, summary: "In-app notifications, newest first, with the unread count", requestParams: { query: NotificationQuery }, responses: { "200": jsonBody(NotificationList, "the notifications"), ...errors(401, 403, 422) } }),
      },
      "/api/v1/notifications/{id}/read": {
        post: op({ ...secured, summary: "Mark a notification read (for the whole workspace)", requestParams: idParam, responses: { "200": jsonBody(NotificationItem, "read"), ...errors(401, 403, 404) } }),
      },
      "/api/v1/notifications/read-all": {
        post: op({ ...secured, summary: "Mark every notification read", responses: { "200": jsonBody(z.object({ marked: z.number().int() }), "how many were unread"), ...errors(401, 403) } }),
      },
      "/api/v1/session": {
        get: op({ summary: "The signed-in user, their CSRF token and permissions", responses: { "200": jsonBody(SessionInfo, "signed in"), ...errors(401) } }),
        post: op({
          summary: "Sign in: sets the pauta_session (httpOnly) and pauta_csrf cookies",
          requestBody: { content: { "application/json": { schema: LoginRequest } } },
          responses: { "200": jsonBody(SessionInfo, "signed in"), "429": jsonBody(ApiError, "too many failed attempts; Retry-After says when to try again"), ...errors(401, 415, 422) },
        }),
        delete: op({ summary: "Sign out: deletes the session (needs x-csrf-token)", responses: { "200": { description: "signed out" }, ...errors(403) } }),
      },
      "/api/v1/invitations/accept": {
        post: op({
          summary: "Accept an invitation: creates the account with the invited role and signs in",
          requestBody: { content: { "application/json": { schema: AcceptInvitationRequest } } },
          responses: { "201": jsonBody(SessionInfo, "account created, signed in"), ...errors(404, 409, 422) },
        }),
      },
      "/api/v1/openapi.json": { get: op({ summary: "This document", responses: { "200": { description: "OpenAPI 3.1" } } }) },
    },
  });
  return cached;
}
