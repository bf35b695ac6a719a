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

/** Cases of the SLA tests carry attributes.account = SLA_ACCOUNT. */
export const SLA_ACCOUNT = "sla-tests";

/** Routing for the SLA tests: VIP WhatsApp cases get the policy `whatsapp-vip`, other WhatsApp cases `whatsapp-estandar`. */
export function slaRoutingPlaybook() {
  return {
    schemaVersion: 1,
    id: "sla-tests-routing",
    kind: "routing",
    name: "SLA tests routing",
    trigger: { channels: ["whatsapp"], condition: { all: [{ fact: "attributes", path: "$.account", operator: "equal", value: SLA_ACCOUNT }] } },
    rules: [
      {
        id: "vip",
        name: "VIP on WhatsApp",
        priority: 20,
        conditions: { all: [{ fact: "customerTier", operator: "equal", value: "vip" }] },
        actions: [
          { type: "route", queue: "wa-vip" },
          { type: "set_priority", priority: "high" },
          { type: "apply_sla", policy: "whatsapp-vip" },
        ],
      },
      {
        id: "rest",
        name: "Everyone else on WhatsApp",
        priority: 10,
        conditions: { all: [{ fact: "channel", operator: "equal", value: "whatsapp" }] },
        actions: [
          { type: "route", queue: "wa-general" },
          { type: "apply_sla", policy: "whatsapp-estandar" },
        ],
      },
    ],
  };
}

/**
 * The SLA tests' escalation playbook. Business time in Mexico City (Mon–Fri 09:00–18:00, Mexican
 * public holidays). VIP WhatsApp: first response 120 business minutes, resolution 480; others 48 h
 * (2,880 minutes) of calendar time. Ladder on first response: at 80 % notify the supervisor (VIP
 * only), at breach raise to urgent, move to `supervisores` and notify the manager.
 */
export function slaEscalationPlaybook() {
  const step = (id: string) => ({ fact: "sla.step", operator: "equal", value: id });
  return {
    schemaVersion: 1,
    id: "sla-tests-escalation",
    kind: "escalation",
    name: "SLA tests escalation",
    calendars: [
      {
        id: "mx",
        name: "México (CDMX)",
        timeZone: "America/Mexico_City",
        country: "MX",
        hours: Object.fromEntries(["mon", "tue", "wed", "thu", "fri"].map((d) => [d, [{ from: "09:00", to: "18:00" }]])),
      },
    ],
    slaPolicies: [
      { id: "whatsapp-vip", name: "WhatsApp VIP", time: "business", calendar: "mx", targets: [{ channels: ["whatsapp"], firstResponseMinutes: 120, resolutionMinutes: 480 }] },
      { id: "whatsapp-estandar", name: "WhatsApp 48 h", time: "calendar", targets: [{ channels: ["whatsapp"], firstResponseMinutes: 2880, nextResponseMinutes: 60 }] },
    ],
    steps: [
      { id: "aviso", metric: "first_response", at: "warning", percent: 80 },
      { id: "vencido", metric: "first_response", at: "breach" },
    ],
    rules: [
      {
        id: "aviso-vip",
        name: "Warn the supervisor about a VIP",
        conditions: { all: [step("aviso"), { fact: "customerTier", operator: "equal", value: "vip" }] },
        actions: [{ type: "notify", target: "supervisor", message: "Un caso VIP está por vencer" }],
      },
      {
        id: "vencido",
        name: "Breached: urgent, to the supervisors",
        conditions: { all: [step("vencido")] },
        actions: [
          { type: "set_priority", priority: "urgent" },
          { type: "route", queue: "supervisores" },
          { type: "notify", target: "gerente", message: "Venció la primera respuesta" },
        ],
      },
    ],
  };
}
