// Test playbooks, scoped to attributes.account = "http-tests" so they coexist with the examples.
export function testRoutingPlaybook(queue: string, extra: { name?: string } = {}) {
  return {
    schemaVersion: 1,
    id: "http-tests-routing",
    kind: "routing",
    name: extra.name ?? "HTTP tests routing",
    trigger: { condition: { all: [{ fact: "attributes", path: "$.account", operator: "equal", value: "http-tests" }] } },
    settings: { conflictStrategy: "collect" },
    rules: [
      {
        id: "pattern-rule",
        name: "Pattern taken from the case",
        priority: 50,
        // matchesPattern compiles its regex at evaluation: a bad pattern from attributes throws then.
        conditions: { all: [{ fact: "text", operator: "matchesPattern", value: { fact: "attributes", path: "$.pattern" } }] },
        actions: [{ type: "add_tags", tags: ["pattern"] }],
      },
      {
        id: "always",
        name: "Every WhatsApp case",
        priority: 10,
        conditions: { all: [{ fact: "channel", operator: "equal", value: "whatsapp" }] },
        actions: [
          { type: "route", queue },
          { type: "add_tags", tags: ["always"] },
        ],
      },
    ],
  };
}
