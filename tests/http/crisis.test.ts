// Acceptance (issue 6, crisis): on the real server with the example playbooks, a burst of generated
// negative "fraude" cases raises a level-2 incident; new matching cases are routed by the crisis
// overrides; resolving the incident returns normal routing; all of it is in the decision log.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient } from "../support/api";
import { loginAs, sessionHeaders, trpcCall } from "../support/auth";
import { fraudCase } from "../support/crisis";
import { startServer, type RunningServer } from "../support/server";

let server: RunningServer;
let call: ReturnType<typeof apiClient>;
const run = `http-${Date.now().toString(36)}`;

beforeAll(async () => {
  server = await startServer();
  call = apiClient(server);
});
afterAll(async () => server?.stop());

const post = async (c: unknown) => {
  const r = await call("POST", "/api/v1/cases", c);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.decision;
};
const nonMatching = (i: number) => fraudCase(i, `${run}-normal`, { text: "Hola, quiero abrir una cuenta de ahorro y saber los requisitos para ser socio" });

describe("crisis mode over HTTP", () => {
  it("burst → level 2 → overrides → resolve → normal routing, all logged in the verified chain", async () => {
    // Before the crisis: the cooperative's fraud rule routes a fraud complaint.
    const before = await post(fraudCase(1, `${run}-before`));
    expect(before.outcome.queue).toBe("prevencion-fraude");
    expect(before.trace.facts["crisis.active"]).toBe(false);
    const crisisTrace = before.trace.playbooks.find((p: { playbookId: string }) => p.playbookId === "crisis-fraude");
    expect(crisisTrace.trigger).toMatchObject({ matched: false, reason: expect.stringContaining("crisis mode is off") });

    // The burst: 22 varied negative complaints mentioning fraude / hackeo / estafa (the first one already counted: 23).
    const texts = new Set<string>();
    for (let i = 0; i < 22; i++) {
      const c = fraudCase(i * 7, run);
      texts.add(c.text);
      await post(c);
    }
    expect(texts.size).toBe(22);

    const active = await call("GET", "/api/v1/crisis/incidents?status=active");
    expect(active.status).toBe(200);
    expect(active.body.items).toHaveLength(1);
    const inc = active.body.items[0];
    expect(inc).toMatchObject({ playbookId: "crisis-fraude", detectorId: "fraude-negativo", level: 2, levelName: "Crisis", status: "active" });
    const detail = (await call("GET", `/api/v1/crisis/incidents/${inc.id}`)).body;
    expect(detail.checklist.length).toBe(8);
    expect(detail.checklist.map((i: { phase: string }) => i.phase)).toEqual(expect.arrayContaining(["identification", "quantification", "mitigation", "reporting"]));
    expect(detail.checklist.every((i: { owner: string; doneAt: null }) => i.owner.length > 0 && i.doneAt === null)).toBe(true);
    expect(detail.decisions.map((d: { context: { change: string; level: number } }) => `${d.context.change}:${d.context.level}`)).toEqual(["raised:1", "level_raised:2"]);
    expect(detail.volume.points.reduce((s: number, p: { count: number }) => s + p.count, 0)).toBeGreaterThanOrEqual(20);

    // In crisis: a new matching case gets the overrides; the trace shows why.
    const during = await post(fraudCase(3, `${run}-during`));
    expect(during.outcome).toMatchObject({ queue: "crisis", team: "equipo-crisis", replyApproval: {}, autoReply: { locale: "es" } });
    expect(during.outcome.autoReply.text).toMatch(/equipo de crisis/);
    expect(during.trace.facts).toMatchObject({ "crisis.active": true, "crisis.level": 2, "crisis.playbooks": ["crisis-fraude"] });
    expect(during.firedRules).toContainEqual({ playbookId: "crisis-fraude", ruleId: "crisis-fraude-contencion" });
    const fired = during.trace.playbooks.find((p: { playbookId: string }) => p.playbookId === "crisis-fraude").rules.find((r: { ruleId: string }) => r.ruleId === "crisis-fraude-contencion");
    expect(fired.status).toBe("fired");
    // A case that does not match still routes normally.
    const normal = await post(nonMatching(1));
    expect(normal.outcome.queue).not.toBe("crisis");
    expect(normal.outcome.replyApproval).toBeUndefined();
    expect(normal.trace.facts["crisis.active"]).toBe(true);

    // An operator ticks a protocol step and resolves the crisis with a note (REST, session + CSRF).
    const operator = await loginAs(server.baseUrl, "operator");
    const tick = await call("POST", `/api/v1/crisis/incidents/${inc.id}/checklist/activar-equipo`, { done: true, note: "equipo activado" }, { key: null, headers: sessionHeaders(operator) });
    expect(tick.status, JSON.stringify(tick.body)).toBe(200);
    expect(tick.body).toMatchObject({ doneBy: "user:operator@pauta.test", note: "equipo activado" });
    const noNote = await call("POST", `/api/v1/crisis/incidents/${inc.id}/resolve`, {}, { key: null, headers: sessionHeaders(operator) });
    expect(noNote.status).toBe(422);
    expect(noNote.body.error.issues[0].path).toBe("note");
    const resolved = await call("POST", `/api/v1/crisis/incidents/${inc.id}/resolve`, { note: "cuentas bloqueadas y comunicado publicado" }, { key: null, headers: sessionHeaders(operator) });
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
    expect(resolved.body).toMatchObject({ status: "resolved", resolvedBy: "user:operator@pauta.test" });
    const auditor = await loginAs(server.baseUrl, "auditor");
    const forbidden = await call("POST", `/api/v1/crisis/incidents/${inc.id}/resolve`, { note: "no me toca" }, { key: null, headers: sessionHeaders(auditor) });
    expect(forbidden.status).toBe(403);

    // After: the next matching case routes as before the crisis.
    const after = await post(fraudCase(5, `${run}-after`));
    expect(after.outcome.queue).toBe(before.outcome.queue);
    expect(after.outcome.replyApproval).toBeUndefined();
    expect(after.trace.facts["crisis.active"]).toBe(false);
    expect((await call("GET", "/api/v1/crisis/incidents?status=active")).body.items).toEqual([]);

    // The decision log: raised, level raised and resolved, each a chained decision; the chain verifies.
    const logged = (await call("GET", `/api/v1/crisis/incidents/${inc.id}`)).body.decisions;
    expect(logged.map((d: { context: { change: string } }) => d.context.change)).toEqual(["raised", "level_raised", "resolved"]);
    for (const d of logged) {
      const r = await call("GET", `/api/v1/decisions/${d.decisionId}`);
      expect(r.status).toBe(200);
      expect(r.body.decision).toMatchObject({ subject: "crisis", context: { type: "crisis", incidentId: inc.id } });
    }
    const last = (await call("GET", `/api/v1/decisions/${logged[2].decisionId}`)).body.decision;
    expect(last.context).toMatchObject({ by: "user:operator@pauta.test", note: "cuentas bloqueadas y comunicado publicado", level: 2 });
    const verify = await call("GET", "/api/v1/audit/verify");
    expect(verify.body).toMatchObject({ ok: true });

    // The dashboard (tRPC) shows the resolved incident among the recent ones, for every reading role.
    const board = await trpcCall(server.baseUrl, "query", "crisis.dashboard", undefined, sessionHeaders(auditor));
    expect(board.status).toBe(200);
    expect(board.body.result.data.recent.map((i: { id: string }) => i.id)).toContain(inc.id);
    expect(board.body.result.data.active).toEqual([]);
  });
});
