// Editor resources: the shared draft of a playbook and the run overlay drawn on its canvas.
import { z } from "zod";
import { JsonValue, Slug } from "./common";
import { ConditionTrace } from "./decision";
import { FlowDocument, FlowIssue } from "./graph";

// ---------------------------------------------------------------------------------------------
// Drafts: the shared working copy of a playbook, saved with optimistic concurrency.

export const PlaybookDraft = z
  .object({
    playbookId: Slug,
    /** 0 when nothing was saved yet (the draft was built from the newest version) */
    revision: z.number().int().min(0),
    /** the playbook version this draft started from; null for a new playbook */
    baseVersion: z.number().int().min(1).nullable(),
    document: FlowDocument,
    updatedAt: z.string().nullable(),
    updatedBy: z.string().nullable(),
    issues: z.array(FlowIssue),
  })
  .meta({ id: "PlaybookDraft" });
export type PlaybookDraft = z.infer<typeof PlaybookDraft>;

export const SaveDraftRequest = z
  .object({
    baseRevision: z.number().int().min(0).describe("the draft revision this edit started from; a save over a newer revision is refused (409)"),
    document: FlowDocument,
  })
  .meta({ id: "SaveDraftRequest" });
export type SaveDraftRequest = z.infer<typeof SaveDraftRequest>;

export const SaveDraftResult = z
  .object({ revision: z.number().int(), updatedAt: z.string(), issues: z.array(FlowIssue) })
  .meta({ id: "SaveDraftResult" });
export type SaveDraftResult = z.infer<typeof SaveDraftResult>;

// ---------------------------------------------------------------------------------------------
// The overlay drawn on the canvas for one case: from "Try it" or from a logged decision.

export const NodeRunState = z.enum(["passed", "failed", "skipped", "fired", "not_fired", "error"]);
export type NodeRunState = z.infer<typeof NodeRunState>;

export const FlowOverlay = z
  .object({
    nodes: z.record(
      z.string(),
      z.object({
        state: NodeRunState,
        /** the source handle the case left by (true/false/case:<id>/default/out) */
        branch: z.string().optional(),
        /** condition and trigger nodes: the evaluated condition with the fact values seen */
        trace: ConditionTrace.optional(),
        /** switch nodes: the value the fact had */
        factValue: JsonValue.optional(),
        /** action nodes: the rule compiled from the chain this node heads */
        ruleId: z.string().optional(),
        error: z.string().optional(),
      }),
    ),
    /** ids of the edges the case travelled */
    edges: z.array(z.string()),
  })
  .meta({ id: "FlowOverlay" });
export type FlowOverlay = z.infer<typeof FlowOverlay>;
