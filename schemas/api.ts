import { z } from "zod";
import { CaseInput } from "./case";
import { IsoDateTime, JsonValue } from "./common";
import { JsonRule, TopLevelCondition } from "./condition";
import { Decision } from "./decision";
import { PlaybookDocument } from "./playbook";

/** Field-level error body of every 4xx answer. */
export const ApiError = z
  .object({
    error: z.object({
      code: z.string().describe("machine-readable: invalid_request, invalid_json, unauthorized, not_found, payload_too_large..."),
      message: z.string().describe("what to fix, for a person"),
      issues: z
        .array(z.object({ path: z.string().describe("the offending field, dotted (e.g. customer.tier)"), message: z.string(), code: z.string().optional() }))
        .default([]),
    }),
  })
  .meta({ id: "ApiError" });
export type ApiError = z.infer<typeof ApiError>;

export const CaseCreated = z
  .object({
    caseId: z.string(),
    decisionId: z.string(),
    duplicate: z.boolean().describe("true when this externalId was already received; the first answer is returned"),
    matched: z.boolean(),
    decision: Decision,
  })
  .meta({ id: "CaseCreated" });
export type CaseCreated = z.infer<typeof CaseCreated>;

export const StoredCase = z
  .object({
    id: z.string(),
    source: z.string(),
    externalId: z.string(),
    channel: z.string(),
    receivedAt: IsoDateTime,
    createdAt: IsoDateTime,
    input: CaseInput,
  })
  .meta({ id: "StoredCase" });
export type StoredCase = z.infer<typeof StoredCase>;

export const CaseWithDecisions = z.object({ case: StoredCase, decisions: z.array(Decision) }).meta({ id: "CaseWithDecisions" });

export const DecisionSummary = z
  .object({
    id: z.string(),
    seq: z.number().int(),
    caseId: z.string().optional(),
    externalId: z.string().optional(),
    channel: z.string().optional(),
    decidedAt: IsoDateTime,
    matched: z.boolean(),
    partial: z.boolean(),
    queue: z.string().optional(),
    priority: z.string().optional(),
    firedRules: z.array(z.object({ playbookId: z.string(), ruleId: z.string() })),
  })
  .meta({ id: "DecisionSummary" });
export type DecisionSummary = z.infer<typeof DecisionSummary>;

export const DecisionQuery = z.object({
  caseId: z.string().optional(),
  playbook: z.string().optional(),
  rule: z.string().optional().describe("only decisions where this rule fired"),
  from: IsoDateTime.optional(),
  to: IsoDateTime.optional(),
  cursor: z.string().optional().describe("nextCursor of the previous page"),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type DecisionQuery = z.infer<typeof DecisionQuery>;

export const DecisionPage = z
  .object({ items: z.array(DecisionSummary), nextCursor: z.string().nullable() })
  .meta({ id: "DecisionPage" });

export const VerifyResult = z
  .object({
    ok: z.boolean(),
    checked: z.number().int(),
    firstBadId: z.string().optional(),
    reason: z.string().optional(),
  })
  .meta({ id: "VerifyResult" });
export type VerifyResult = z.infer<typeof VerifyResult>;

const casesField = z.array(CaseInput).min(1, "send at least one case").max(1000);

export const SimulateRequest = z
  .discriminatedUnion("mode", [
    z.object({ mode: z.literal("published"), cases: casesField }).describe("cases against the published playbooks"),
    z.object({ mode: z.literal("playbook"), playbook: PlaybookDocument, cases: casesField }).describe("cases against a playbook you send"),
    z
      .object({
        mode: z.literal("rules"),
        rules: z.array(JsonRule).max(10_000),
        conditions: z.record(z.string(), TopLevelCondition).default({}).describe("shared named conditions (engine.setCondition)"),
        facts: z.array(z.record(z.string(), JsonValue)).min(1).max(1000),
      })
      .describe("plain json-rules-engine rules run on arbitrary facts, exactly as engine.run(facts) would see them"),
  ])
  .meta({ id: "SimulateRequest" });
export type SimulateRequest = z.infer<typeof SimulateRequest>;

export const RulesRunResult = z.object({
  events: z.array(z.object({ type: z.string(), params: z.record(z.string(), JsonValue).optional() })),
  firedRules: z.array(z.string()),
  decision: Decision,
});
export type RulesRunResult = z.infer<typeof RulesRunResult>;

export const SimulateResponse = z
  .union([z.object({ mode: z.enum(["published", "playbook"]), decisions: z.array(Decision) }), z.object({ mode: z.literal("rules"), results: z.array(RulesRunResult) })])
  .meta({ id: "SimulateResponse" });
export type SimulateResponse = z.infer<typeof SimulateResponse>;

export const PlaybookSummary = z
  .object({
    id: z.string(),
    kind: z.string(),
    name: z.string(),
    description: z.string().optional(),
    publishedVersion: z.number().int().nullable(),
    publishedAt: IsoDateTime.nullable(),
    latestVersion: z.number().int(),
    ruleCount: z.number().int(),
  })
  .meta({ id: "PlaybookSummary" });
export type PlaybookSummary = z.infer<typeof PlaybookSummary>;
