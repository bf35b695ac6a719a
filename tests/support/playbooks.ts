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

/** Cases of the lifecycle and backtest tests carry attributes.account = LIFECYCLE_ACCOUNT. */
export const LIFECYCLE_ACCOUNT = "lifecycle-tests";

/**
 * A routing playbook for the lifecycle and backtest tests. The base routes email to `email-general`
 * and WhatsApp to `wa-general` (tag `wa`). `changed` adds two rules, so what a backtest must find
 * can be worked out from the cases alone: email whose text has the word "factura" goes to
 * `facturacion`, and VIP customers get the tag `vip`.
 */
export function lifecyclePlaybook(opts: { id?: string; changed?: boolean; name?: string } = {}) {
  const rules: unknown[] = [
    {
      id: "email",
      name: "Email",
      priority: 50,
      conditions: { all: [{ fact: "channel", operator: "equal", value: "email" }] },
      actions: [{ type: "route", queue: "email-general" }],
    },
    {
      id: "whatsapp",
      name: "WhatsApp",
      priority: 50,
      conditions: { all: [{ fact: "channel", operator: "equal", value: "whatsapp" }] },
      actions: [
        { type: "route", queue: "wa-general" },
        { type: "add_tags", tags: ["wa"] },
      ],
    },
  ];
  if (opts.changed)
    rules.unshift(
      {
        id: "factura",
        name: "Invoices by email",
        priority: 60,
        conditions: {
          all: [
            { fact: "channel", operator: "equal", value: "email" },
            { fact: "normalizedText", operator: "containsWord", value: "factura" },
          ],
        },
        actions: [{ type: "route", queue: "facturacion" }],
      },
      {
        id: "vip",
        name: "VIP tag",
        priority: 40,
        conditions: { all: [{ fact: "customerTier", operator: "equal", value: "vip" }] },
        actions: [{ type: "add_tags", tags: ["vip"] }],
      },
    );
  return {
    schemaVersion: 1,
    id: opts.id ?? "lifecycle-routing",
    kind: "routing",
    name: opts.name ?? "Lifecycle tests routing",
    trigger: { condition: { all: [{ fact: "attributes", path: "$.account", operator: "equal", value: LIFECYCLE_ACCOUNT }] } },
    settings: { conflictStrategy: "collect" },
    rules,
  };
}
