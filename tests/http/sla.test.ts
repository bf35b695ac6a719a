// SLA clocks over HTTP on the real clock: the server's scheduler fires a ladder step within
// seconds of its due time, an event stops a clock and is a decision of its own, and both are in the
// decision log. (Business hours, weekends and holidays with an injected clock:
// app/_server/services/sla.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, sampleCase } from "../support/api";
import { SLA_ACCOUNT, slaEscalationPlaybook, slaRoutingPlaybook } from "../support/playbooks";
import { startServer, type RunningServer } from "../support/server";

let server: RunningServer;
let call: ReturnType<typeof apiClient>;

/** The test escalation playbook with the VIP policy shortened to 3 seconds of calendar time. */
function fastEscalation() {
  const doc = slaEscalationPlaybook();
  doc.slaPolicies[0] = { id: "whatsapp-vip", name: "WhatsApp VIP (3 s)", time: "calendar", targets: [{ channels: ["whatsapp"], firstResponseMinutes: 0.05 }] } as never;
  return doc;
}

beforeAll(async () => {
  server = await startServer();
  call = apiClient(server);
  for (const doc of [slaRoutingPlaybook(), fastEscalation()]) {
    const r = await call("POST", "/api/v1/playbooks?publish=true&comment=SLA%20tests", doc);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  }
});
afterAll(async () => server?.stop());

const vip = (externalId: string) =>
  sampleCase({ externalId, channel: "whatsapp", text: "Necesito ayuda con mi pago", customer: { id: `c-${externalId}`, tier: "vip" }, attributes: { account: SLA_ACCOUNT } });

async function timerDecisions(caseId: string): Promise<any[]> {
  const r = await call("GET", `/api/v1/decisions?caseId=${caseId}&subject=timer`);
  expect(r.status).toBe(200);
  return r.body.items;
}

describe("SLA clocks on the real scheduler", () => {
  it("warning and breach fire within 5 seconds of their due time and are logged", async () => {
    const c = await call("POST", "/api/v1/cases", vip("sla-http-1"));
    expect(c.status).toBe(201);
    expect(c.body.decision.outcome.slaPolicy).toBe("whatsapp-vip");
    const clocks = await call("GET", `/api/v1/cases/${c.body.caseId}/sla`);
    expect(clocks.status).toBe(200);
    expect(clocks.body.items).toMatchObject([{ metric: "first_response", status: "running", targetMinutes: 0.05, time: "calendar" }]);

    const deadline = Date.now() + 20_000;
    let items: any[] = [];
    while (Date.now() < deadline) {
      items = await timerDecisions(c.body.caseId);
      if (items.length >= 2) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(items).toHaveLength(2);
    for (const summary of items) {
      const d = (await call("GET", `/api/v1/decisions/${summary.id}`)).body.decision;
      expect(d.subject).toBe("timer");
      const lateMs = Date.parse(d.decidedAt) - Date.parse(d.context.dueAt);
      expect(lateMs).toBeGreaterThanOrEqual(0);
      expect(lateMs).toBeLessThan(5_000);
    }
    const breach = (await call("GET", `/api/v1/decisions/${items.find((i: any) => i.queue === "supervisores").id}`)).body.decision;
    expect(breach.context).toMatchObject({ type: "sla_step", stepId: "vencido", at: "breach" });
    expect(breach.outcome).toMatchObject({ priority: "urgent", queue: "supervisores" });
    const after = await call("GET", `/api/v1/cases/${c.body.caseId}/sla`);
    expect(after.body.items[0].breachedAt).toBeDefined();
  });

  it("an agent reply stops the clock: no escalation follows, and the event's decision lists the change", async () => {
    const c = await call("POST", "/api/v1/cases", vip("sla-http-2"));
    const ev = await call("POST", `/api/v1/cases/${c.body.caseId}/events`, { eventId: "reply-1", type: "agent_replied", occurredAt: new Date().toISOString(), text: "Hola" });
    expect(ev.status).toBe(201);
    expect(ev.body.decisionId).toBeDefined();
    const d = (await call("GET", `/api/v1/decisions/${ev.body.decisionId}`)).body.decision;
    expect(d).toMatchObject({ subject: "event", caseId: c.body.caseId, context: { type: "case_event", eventType: "agent_replied", clocks: [{ metric: "first_response", change: "stopped", met: true }] } });
    await new Promise((r) => setTimeout(r, 4_500));
    expect(await timerDecisions(c.body.caseId)).toEqual([]);
    const clocks = await call("GET", `/api/v1/cases/${c.body.caseId}/sla`);
    expect(clocks.body.items[0]).toMatchObject({ status: "stopped", met: true });
    expect((await call("GET", "/api/v1/audit/verify")).body).toMatchObject({ ok: true });
  });

  it("a case that does not exist has no clocks: 404", async () => {
    expect((await call("GET", "/api/v1/cases/nope/sla")).status).toBe(404);
  });
});
