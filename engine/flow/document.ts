// New flow documents.
import { FLOW_SCHEMA_VERSION, PLAYBOOK_SCHEMA_VERSION, type FlowDocument, type FlowKind } from "@/schemas";
import { newNode } from "./specs";

export const TRIGGER_NODE_ID = "trigger";

/**
 * An empty flow document for a new playbook: just the trigger (every channel, new cases). An
 * escalation playbook starts with no SLA policy and a crisis one with no level: the validator
 * says what to add (the settings panel).
 */
export function emptyFlow(input: { id: string; name: string; locale?: "es" | "en" | "pt"; kind?: FlowKind }): FlowDocument {
  const common = {
    schemaVersion: PLAYBOOK_SCHEMA_VERSION,
    id: input.id,
    name: input.name,
    locale: input.locale ?? "es",
    settings: { conflictStrategy: "collect" as const },
    conditions: {},
    graph: { schemaVersion: FLOW_SCHEMA_VERSION, nodes: [newNode("trigger", TRIGGER_NODE_ID, { x: 0, y: 0 })], edges: [] },
  };
  switch (input.kind ?? "routing") {
    case "escalation":
      return { ...common, kind: "escalation", precedence: 100, calendars: [], slaPolicies: [] };
    case "crisis":
      return { ...common, kind: "crisis", precedence: 0, levels: [] };
    default:
      return { ...common, kind: "routing", precedence: 100 };
  }
}
