import { z } from "zod";
import { CaseInput } from "./case";
import { IsoDateTime, JsonValue, Slug } from "./common";
import { JsonRule, TopLevelCondition } from "./condition";
import { Decision } from "./decision";
import { FlowIssue } from "./graph";
import { PlaybookDocument } from "./playbook";

/** Field-level error body of every 4xx answer. */
export const ApiError = z
  .object({
    error: z.object({
      code: z.string().describe("machine-readable: invalid_request, invalid_json, unauthorized, not_found, payload_too_large..."),
      message: z.string().describe("what to fix, for a person"),
      issues: z
        .array(
          z.object({
            path: z.string().describe("the offending field, dotted (e.g. customer.tier; for a canvas draft nodes.<nodeId>.<field>)"),
            message: z.string(),
            code: z.string().optional(),
            nodeId: z.string().optional().describe("canvas drafts: the node the problem is on"),
          }),
        )
        .default([]),
      current: z
        .object({ revision: z.number().int(), updatedBy: z.string(), updatedByActor: z.string(), updatedAt: IsoDateTime })
        .optional()
        .describe("409 on a canvas draft: the revision someone else saved, who and when"),
      flowIssues: z.array(FlowIssue).optional().describe("a canvas draft that cannot be published or run: the validator's issues, each on its node"),
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
    customerId: z.string().optional(),
    decidedAt: IsoDateTime,
    matched: z.boolean(),
    partial: z.boolean(),
    queue: z.string().optional(),
    priority: z.string().optional(),
    firedRules: z.array(z.object({ playbookId: z.string(), ruleId: z.string() })),
    tags: z.array(z.string()).optional(),
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
    firstBadSeq: z.number().int().optional().describe("the chain position of the first bad row"),
    reason: z.string().optional(),
  })
  .meta({ id: "VerifyResult" });
export type VerifyResult = z.infer<typeof VerifyResult>;

export const VerifyRangeQuery = z.object({
  fromSeq: z.coerce.number().int().min(0).default(0).describe("first chain position to check (0 or 1: from the start)"),
  limit: z.coerce.number().int().min(1).max(20_000).default(5_000),
  prevHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/, "a 64-character lower-case hex sha256")
    .optional()
    .describe("the prevHash answered by the previous chunk; without it, the stored hash of the row before fromSeq"),
});
export type VerifyRangeQuery = z.infer<typeof VerifyRangeQuery>;

export const VerifyRangeResult = VerifyResult.extend({
  total: z.number().int().describe("the last seq in the log when this chunk was read (the number of decisions in an intact log)"),
  done: z.boolean().describe("true when the walk reached the end of the chain (or a bad row)"),
  nextSeq: z.number().int().nullable().describe("fromSeq of the next chunk; null when done"),
  prevHash: z.string().describe("hash of the last row checked: pass it with the next chunk"),
}).meta({ id: "VerifyRangeResult" });
export type VerifyRangeResult = z.infer<typeof VerifyRangeResult>;

export const ReplayDifference = z.object({
  path: z.string().describe("e.g. outcome.queue or trace.playbooks[0].rules[3].status"),
  stored: JsonValue.optional().describe("absent when the stored decision has nothing there"),
  replayed: JsonValue.optional().describe("absent when the replay has nothing there"),
});
export type ReplayDifference = z.infer<typeof ReplayDifference>;

export const ReplayResult = z
  .object({
    decisionId: z.string(),
    identical: z.boolean().describe("equal to the stored decision, ignoring only id, decidedAt and timings"),
    differences: z.array(ReplayDifference),
    error: z.string().optional().describe("why the decision could not be replayed (e.g. a recorded playbook version is missing)"),
  })
  .meta({ id: "ReplayResult" });
export type ReplayResult = z.infer<typeof ReplayResult>;

export const ReplaySampleRequest = z
  .object({
    size: z.number().int().min(1).max(10_000).describe("how many decisions to draw"),
    seed: z.number().int().min(0).max(2 ** 31 - 1).optional().describe("the same seed over the same log draws the same sample"),
  })
  .meta({ id: "ReplaySampleRequest" });

export const ReplaySampleResult = z
  .object({
    seed: z.number().int(),
    untilSeq: z.number().int().describe("the sample is drawn among decisions up to this chain position"),
    sampled: z.number().int().describe("size of the whole sample"),
    checked: z.number().int().describe("replayed in this answer"),
    identical: z.number().int(),
    different: z.number().int(),
    differentIds: z.array(z.string()),
    nextOffset: z.number().int().nullable().describe("for chunked runs: where the next chunk starts; null when done"),
  })
  .meta({ id: "ReplaySampleResult" });
export type ReplaySampleResult = z.infer<typeof ReplaySampleResult>;

const casesField = z.array(CaseInput).min(1, "send at least one case").max(1000);

export const SimulateRequest = z
  .discriminatedUnion("mode", [
    z.object({ mode: z.literal("published"), cases: casesField }).describe("cases against the published playbooks"),
    z.object({ mode: z.literal("playbook"), playbook: PlaybookDocument, cases: casesField }).describe("cases against a playbook you send"),
    z
      .object({ mode: z.literal("draft"), playbookId: Slug, cases: casesField })
      .describe("cases against the saved canvas draft of a playbook, alone (400 with the draft's errors when it does not compile)"),
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
  .union([z.object({ mode: z.enum(["published", "playbook", "draft"]), decisions: z.array(Decision) }), z.object({ mode: z.literal("rules"), results: z.array(RulesRunResult) })])
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
