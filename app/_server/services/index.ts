// The server's service verbs: what route handlers and tRPC routers call. ctx is { db }.
export type { Db, ServiceContext } from "../db/client";
export { getDb } from "../db/client";
export { listPlaybooks, getPlaybook, validatePlaybook, importPlaybook, publishPlaybookVersion } from "./playbooks";
export { listDecisions, listDecisionsAfter, getDecision, searchDecisions, countDecisions, exportDecisionRows } from "./decisions";
export { reindexDecisionSearch, searchIndexOf } from "./search-index";
export { getCase, ingestCase } from "./cases";
export { addCaseEvent, listCaseEvents } from "./case-events";
export { simulate } from "./simulate";
export { createPlaybook, getDraft, saveDraft, publishDraft, commitDraft, tryDraft, decisionCanvas, recentCases, StaleDraftError, DraftInvalidError } from "./drafts";
export { verifyChain, verifyChainRange } from "./chain";
export { replayDecision, replaySample } from "./replay";
export { exportEvidence } from "./evidence";
export { listAuditLog } from "./audit";
export { getCaseTimeline, getAuditHistory, getPlaybookVersion, countDecisionsUnder } from "./history";
export { authenticateApiKey, listApiKeys, createApiKey, revokeApiKey, type ApiPrincipal } from "./api-keys";
export type { PlaybookDetail, PlaybookVersionInfo, ImportResult } from "@/schemas/resources";
