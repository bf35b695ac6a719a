import { z } from "zod";
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiResponsesObject } from "zod-openapi";
import { ApiError, CaseCreated, CaseEvent, CaseInput, CaseWithDecisions, DecisionPage, DecisionQuery, PlaybookDocument, PlaybookSummary, SimulateRequest, SimulateResponse, VerifyResult } from "@/schemas";
import { ApiKeyCreated, AuditPage, AuditQuery, ApiKeyCreateRequest, ApiKeyInfo, CaseEventList, CaseEventReceipt, DecisionDetail, Health, ImportResult, PlaybookDetail, PublishRequest, ValidateResult } from "@/schemas/resources";

const jsonBody = (schema: z.ZodType, description: string) => ({ description, content: { "application/json": { schema } } });
const errors = (...codes: number[]): ZodOpenApiResponsesObject =>
  Object.fromEntries(codes.map((c) => [String(c), jsonBody(ApiError, ERROR_TEXT[c] ?? "error")]));
const ERROR_TEXT: Record<number, string> = {
  400: "invalid JSON or query",
  401: "missing or wrong API key (names headers.authorization)",
  403: "the key lacks the needed scope",
  404: "not found",
  409: "conflicts with the stored state",
  413: "body larger than 1 MB",
  422: "the body does not match the schema; one issue per offending field",
};
const secured = { security: [{ bearer: [] }] };
const idParam = { path: z.object({ id: z.string() }) };

function op(o: ZodOpenApiOperationObject): ZodOpenApiOperationObject {
  return o;
}

let cached: ReturnType<typeof createDocument> | undefined;

/** The OpenAPI 3.1 document, generated from the same zod schemas the handlers validate with. */
export function openApiDocument(): ReturnType<typeof createDocument> {
  cached ??= createDocument({
    openapi: "3.1.0",
    info: { title: "Pauta API", version: "1.0.0", description: "Post cases and get routing decisions with their traces; manage playbooks; verify the decision log." },
    components: { securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "an API key" } } },
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
      "/api/v1/decisions": {
        get: op({
          ...secured,
          summary: "Search decisions, newest first",
          requestParams: { query: DecisionQuery },
          responses: { "200": jsonBody(DecisionPage, "one page"), ...errors(401, 422) },
        }),
      },
      "/api/v1/decisions/{id}": {
        get: op({ ...secured, summary: "A decision with its full trace", requestParams: idParam, responses: { "200": jsonBody(DecisionDetail, "the decision"), ...errors(401, 404) } }),
      },
      "/api/v1/simulate": {
        post: op({
          ...secured,
          summary: "Evaluate without persisting anything",
          requestBody: { content: { "application/json": { schema: SimulateRequest } } },
          responses: { "200": jsonBody(SimulateResponse, "the decisions or json-rules-engine results"), ...errors(400, 401, 413, 422) },
        }),
      },
      "/api/v1/audit/verify": {
        get: op({ ...secured, summary: "Verify the decision hash chain", responses: { "200": jsonBody(VerifyResult, "ok, or the first row that does not match"), ...errors(401) } }),
      },
      "/api/v1/audit/log": {
        get: op({ ...secured, summary: "Configuration changes, newest first", requestParams: { query: AuditQuery }, responses: { "200": jsonBody(AuditPage, "one page"), ...errors(401, 422) } }),
      },
      "/api/v1/playbooks": {
        get: op({ ...secured, summary: "List playbooks", responses: { "200": jsonBody(z.object({ items: z.array(PlaybookSummary) }), "all playbooks"), ...errors(401) } }),
        post: op({
          ...secured,
          summary: "Import a playbook document as a new version",
          requestParams: { query: z.object({ publish: z.enum(["true", "false"]).optional().describe("also publish the version") }) },
          requestBody: { content: { "application/json": { schema: PlaybookDocument } } },
          responses: { "201": jsonBody(ImportResult, "a new version"), "200": jsonBody(ImportResult, "same as the newest version"), ...errors(400, 401, 403, 409, 413, 422) },
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
      "/api/v1/playbooks/{id}/publish": {
        post: op({
          ...secured,
          summary: "Publish or roll back to an existing version",
          requestParams: idParam,
          requestBody: { content: { "application/json": { schema: PublishRequest } } },
          responses: { "200": jsonBody(ImportResult, "published"), ...errors(400, 401, 403, 404, 422) },
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
      "/api/v1/openapi.json": { get: op({ summary: "This document", responses: { "200": { description: "OpenAPI 3.1" } } }) },
    },
  });
  return cached;
}
