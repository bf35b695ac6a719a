// A small canvas document for the editor's server tests, scoped to attributes.account = "editor-tests"
// so it coexists with the example playbooks:
//
//   trigger ─▶ switch on channel ─ case:wa ─▶ condition customerTier = vip ─ true ─▶ route vip-wa ─▶ add_tags [vip]
//                                │                                        └ false ▶ route wa-general
//                                └ default ─▶ route other-channels
import type { FlowDocument, FlowNode } from "@/schemas";

export const FLOW_ACCOUNT = "editor-tests";

export function testFlow(id: string, opts: { vipQueue?: string } = {}): FlowDocument {
  const nodes: FlowNode[] = [
    {
      id: "trigger",
      type: "trigger",
      position: { x: 0, y: 0 },
      data: { channels: [], events: ["case.created"], condition: { all: [{ fact: "attributes", path: "$.account", operator: "equal", value: FLOW_ACCOUNT }] } },
    },
    { id: "by-channel", type: "switch", position: { x: 300, y: 0 }, data: { fact: "channel", cases: [{ id: "wa", values: ["whatsapp"], label: "WhatsApp" }] } },
    { id: "is-vip", type: "condition", position: { x: 600, y: 0 }, data: { condition: { all: [{ fact: "customerTier", operator: "equal", value: "vip" }] } } },
    { id: "route-vip", type: "route", position: { x: 900, y: 0 }, data: { queue: opts.vipQueue ?? "vip-wa" }, rule: { id: "vip-whatsapp", name: "VIP on WhatsApp" } },
    { id: "tag-vip", type: "add_tags", position: { x: 1200, y: 0 }, data: { tags: ["vip"] } },
    { id: "route-wa", type: "route", position: { x: 900, y: 150 }, data: { queue: "wa-general" } },
    { id: "route-other", type: "route", position: { x: 600, y: 300 }, data: { queue: "other-channels" } },
  ];
  return {
    schemaVersion: 1,
    id,
    kind: "routing",
    name: `Editor test ${id}`,
    locale: "es",
    precedence: 100,
    settings: { conflictStrategy: "collect" },
    conditions: {},
    graph: {
      schemaVersion: 1,
      nodes,
      edges: [
        { id: "e1", source: "trigger", sourceHandle: "out", target: "by-channel" },
        { id: "e2", source: "by-channel", sourceHandle: "case:wa", target: "is-vip" },
        { id: "e3", source: "is-vip", sourceHandle: "true", target: "route-vip" },
        { id: "e4", source: "route-vip", sourceHandle: "out", target: "tag-vip" },
        { id: "e5", source: "is-vip", sourceHandle: "false", target: "route-wa" },
        { id: "e6", source: "by-channel", sourceHandle: "default", target: "route-other" },
      ],
    },
  };
}

let n = 0;
/** A case for testFlow: whatsapp/vip by default. */
export function flowCase(over: { channel?: string; tier?: "vip" | "standard" } = {}) {
  n++;
  return {
    externalId: `editor-${Date.now()}-${n}`,
    channel: over.channel ?? "whatsapp",
    text: "Hola, necesito ayuda con mi pedido",
    customer: { id: `editor-c-${n}`, name: "Ana", tier: over.tier ?? "vip" },
    attributes: { account: FLOW_ACCOUNT },
  };
}
