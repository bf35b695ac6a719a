// New flow documents.
import { FLOW_SCHEMA_VERSION, PLAYBOOK_SCHEMA_VERSION, type FlowDocument } from "@/schemas";
import { newNode } from "./specs";

export const TRIGGER_NODE_ID = "trigger";

/** An empty flow document for a new playbook: just the trigger (every channel, new cases). */
export function emptyFlow(input: { id: string; name: string; locale?: "es" | "en" | "pt" }): FlowDocument {
  return {
    schemaVersion: PLAYBOOK_SCHEMA_VERSION,
    id: input.id,
    kind: "routing",
    name: input.name,
    locale: input.locale ?? "es",
    precedence: 100,
    settings: { conflictStrategy: "collect" },
    conditions: {},
    graph: { schemaVersion: FLOW_SCHEMA_VERSION, nodes: [newNode("trigger", TRIGGER_NODE_ID, { x: 0, y: 0 })], edges: [] },
  };
}
