// Issue 7 (tone) over HTTP, with the example playbooks: POST /api/v1/tone/check answers the score and
// each violation with its guideline, span and suggestion; a "reply drafted" event is a logged,
// replayable decision whose tone rules require approval of a reply that breaks a severe guideline.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient } from "../support/api";
import { startServer, type RunningServer } from "../support/server";

let server: RunningServer;
let call: ReturnType<typeof apiClient>;
const run = `tone-${Date.now().toString(36)}`;

beforeAll(async () => {
  server = await startServer();
  call = apiClient(server);
});
afterAll(async () => server?.stop());

type Violation = { guideline: string; severity: string; start: number; end: number; text: string; suggestion?: string; replacement?: string };

describe("POST /api/v1/tone/check", () => {
  it("checks a Spanish WhatsApp draft against the cooperative's guidelines", async () => {
    const text = "Hola, Ana. Le garantizamos que tu tarjeta llega hoy.";
    const r = await call("POST", "/api/v1/tone/check", { channel: "whatsapp", locale: "es", text });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ playbook: { playbookId: "tono-cooperativa", version: 1 }, score: 70, passed: false, register: "tu", pointOfView: "El auxiliar instantáneo" });
    const vs = r.body.violations as Violation[];
    expect(vs.map((v) => [v.guideline, v.text, v.replacement])).toEqual([
      ["banned_phrase", "Le garantizamos", "Haremos todo lo posible"],
      ["register", "tu", "su"],
    ]);
    for (const v of vs) expect(text.slice(v.start, v.end)).toBe(v.text);
  });

  it("checks an English email: severe condescension, over-promising, no greeting, no sign-off", async () => {
    const r = await call("POST", "/api/v1/tone/check", { channel: "email", locale: "en", text: "Please calm down, we guarantee a refund." });
    expect(r.status).toBe(200);
    expect((r.body.violations as Violation[]).map((v) => [v.guideline, v.severity, v.text])).toEqual([
      ["greeting", "minor", ""],
      ["banned_phrase", "severe", "calm down"],
      ["banned_phrase", "major", "we guarantee"],
      ["sign_off", "minor", ""],
    ]);
    expect(r.body.score).toBe(45);
  });

  it("answers 4xx naming the field", async () => {
    const bad = await call("POST", "/api/v1/tone/check", { channel: "fax", text: "" });
    expect(bad.status).toBe(422);
    expect(bad.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(["channel", "text"]);
    expect((await call("POST", "/api/v1/tone/check", { channel: "email", text: "Hola", playbookId: "no-existe" })).status).toBe(404);
    const routing = await call("POST", "/api/v1/tone/check", { channel: "email", text: "Hola", playbookId: "cooperativa-ruteo" });
    expect(routing.status).toBe(422);
    expect(routing.body.error.issues).toEqual([{ path: "playbookId", message: "name a tone playbook" }]);
  });
});

describe("a reply_drafted event", () => {
  it("runs the tone playbook through the engine: approval for a severe violation, logged and replayable", async () => {
    const created = await call("POST", "/api/v1/cases", {
      externalId: `${run}-1`,
      channel: "email",
      language: "es",
      text: "Me cobraron dos veces la cuota del préstamo.",
      customer: { id: `${run}-socia`, name: "Ana Pérez" },
      attributes: { account: "cooperativa-sv" },
    });
    expect(created.status).toBe(201);
    const caseId = created.body.caseId as string;
    const text = "Hola, Ana. Como ya le explicamos, el segundo cobro se anula en 48 horas.\nSaludos.";
    const ev = await call("POST", `/api/v1/cases/${caseId}/events`, { type: "reply_drafted", eventId: `${run}-draft-1`, occurredAt: new Date().toISOString(), text });
    expect(ev.status, JSON.stringify(ev.body)).toBe(201);
    expect(ev.body.replyApproval).toEqual({ reason: expect.stringContaining("pauta de tono grave") });
    expect(ev.body.tone).toEqual([expect.objectContaining({ playbookId: "tono-cooperativa", score: 70, violations: [expect.objectContaining({ text: "Como ya le explicamos", severity: "severe" })] })]);

    const d = await call("GET", `/api/v1/decisions/${ev.body.decisionId}`);
    expect(d.body.decision).toMatchObject({
      subject: "event",
      caseId,
      outcome: { replyApproval: { reason: expect.any(String) } },
      firedRules: [{ playbookId: "tono-cooperativa", ruleId: "aprobacion-violacion-grave" }],
      context: { eventType: "reply_drafted" },
    });
    expect(d.body.decision.trace.playbooks[0].tone.violations).toHaveLength(1);
    const replay = await call("POST", `/api/v1/decisions/${ev.body.decisionId}/replay`);
    expect(replay.body).toMatchObject({ identical: true, differences: [] });

    const fixed = await call("POST", `/api/v1/cases/${caseId}/events`, { type: "reply_drafted", eventId: `${run}-draft-2`, occurredAt: new Date().toISOString(), text: text.replace("Como ya le explicamos, el", "El") });
    expect(fixed.body.replyApproval).toBeUndefined();
    expect(fixed.body.tone[0]).toMatchObject({ score: 100, passed: true });
  });
});
