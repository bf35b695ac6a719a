// Acceptance: publishing is live and atomic while traffic flows. Two `next start` processes share
// one database; several loops post cases to both without pause while another loop publishes new
// versions and rolls back (with comments), alternating between the processes. Every case request
// must succeed, every decision must name exactly one version of each published playbook, and a
// case sent after a publish's response arrived must never run the version it replaced.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, sampleCase } from "../support/api";
import { testRoutingPlaybook } from "../support/playbooks";
import { startServer, type RunningServer } from "../support/server";

const PB = "http-tests-routing";
const DURATION_MS = 20_000;
const CASE_LOOPS_PER_SERVER = 2;

let a: RunningServer;
let b: RunningServer;

beforeAll(async () => {
  a = await startServer();
  b = await startServer({ dbPath: a.dbPath });
}, 180_000);
afterAll(async () => {
  await b?.stop();
  await a?.stop();
});

/**
 * The order of events in this (single-threaded) test process: a request is "sent" when its fetch
 * starts and "answered" or "completed" when its response is read. A counter, not Date.now(): two
 * events in the same millisecond still have an order.
 */
let ticks = 0;
const tick = () => ++ticks;

interface CaseRecord {
  server: "a" | "b";
  sentAt: number;
  answeredAt: number;
  status: number;
  versions: { playbookId: string; version: number }[];
  error?: string;
}
interface PublishRecord {
  kind: "publish" | "rollback";
  server: "a" | "b";
  sentAt: number;
  completedAt: number;
  /** the version live after it */
  version: number;
}

describe("publishing and rolling back under continuous traffic", () => {
  it("no request fails, each decision names one version per playbook, and after a publish completes no case runs the old version", async () => {
    const callA = apiClient(a);
    const callB = apiClient({ baseUrl: b.baseUrl, apiKey: a.apiKey });
    const first = await callA("POST", "/api/v1/playbooks?publish=true&comment=live%20test%20v1", testRoutingPlaybook("live-1"));
    expect(first.body).toMatchObject({ version: 1, published: true });
    // The other published playbooks (the examples) stay as they are: each decision must name each
    // one that decides cases (routing, and crisis playbooks, whose overrides wait for an incident) once.
    const routing = (await callA("GET", "/api/v1/playbooks")).body.items.filter(
      (p: { kind: string; publishedVersion: number | null }) => (p.kind === "routing" || p.kind === "crisis") && p.publishedVersion !== null,
    );
    const publishedIds = routing.map((p: { id: string }) => p.id).sort();
    expect(publishedIds).toContain(PB);

    const cases: CaseRecord[] = [];
    const publishes: PublishRecord[] = [{ kind: "publish", server: "a", sentAt: 0, completedAt: tick(), version: 1 }];
    const stopAt = Date.now() + DURATION_MS;

    async function caseLoop(server: "a" | "b") {
      const call = server === "a" ? callA : callB;
      while (Date.now() < stopAt) {
        const sentAt = tick();
        try {
          const r = await call("POST", "/api/v1/cases", sampleCase());
          cases.push({ server, sentAt, answeredAt: tick(), status: r.status, versions: r.status === 201 ? r.body.decision.playbooks : [], ...(r.status === 201 ? {} : { error: JSON.stringify(r.body).slice(0, 300) }) });
        } catch (e) {
          cases.push({ server, sentAt, answeredAt: tick(), status: 0, versions: [], error: String(e) });
        }
      }
    }

    async function publishLoop() {
      let n = 1;
      let i = 0;
      while (Date.now() < stopAt - 1_500) {
        i++;
        const server = i % 2 ? "b" : "a";
        const call = server === "a" ? callA : callB;
        const live = publishes[publishes.length - 1]!.version;
        const sentAt = tick();
        if (i % 3 === 0 && n > 1) {
          // Roll back to an earlier version (every version here was live once).
          const target = live > 1 ? live - 1 : n;
          const r = await call("POST", `/api/v1/playbooks/${PB}/rollback`, { version: target, reason: `live test rollback ${i}` });
          expect(r.status, JSON.stringify(r.body)).toBe(200);
          publishes.push({ kind: "rollback", server, sentAt, completedAt: tick(), version: r.body.version });
        } else {
          n++;
          const r = await call("POST", `/api/v1/playbooks?publish=true&comment=${encodeURIComponent(`live test v${n}`)}`, testRoutingPlaybook(`live-${n}`));
          expect(r.status, JSON.stringify(r.body)).toBe(201);
          expect(r.body).toMatchObject({ version: n, published: true });
          publishes.push({ kind: "publish", server, sentAt, completedAt: tick(), version: n });
        }
        await new Promise((res) => setTimeout(res, 400));
      }
    }

    await Promise.all([
      publishLoop(),
      ...Array.from({ length: CASE_LOOPS_PER_SERVER }, () => caseLoop("a")),
      ...Array.from({ length: CASE_LOOPS_PER_SERVER }, () => caseLoop("b")),
    ]);

    const failed = cases.filter((c) => c.status !== 201);
    expect(failed.slice(0, 5), `${failed.length} of ${cases.length} case requests failed`).toEqual([]);
    expect(publishes.filter((p) => p.kind === "rollback").length).toBeGreaterThanOrEqual(5);
    expect(publishes.length).toBeGreaterThanOrEqual(15);
    expect(cases.filter((c) => c.server === "a").length).toBeGreaterThan(100);
    expect(cases.filter((c) => c.server === "b").length).toBeGreaterThan(100);

    let checked = 0;
    for (const c of cases) {
      const ids = c.versions.map((v) => v.playbookId);
      expect(new Set(ids).size, `a decision named a playbook twice: ${ids.join(", ")}`).toBe(ids.length);
      expect([...ids].sort()).toEqual(publishedIds);
      const used = c.versions.find((v) => v.playbookId === PB)!.version;
      // The newest publish that had completed when the case was sent, and those that may have
      // committed while it was on its way.
      const last = publishes.findLastIndex((p) => p.completedAt < c.sentAt);
      const allowed = new Set(publishes.filter((p, i) => i === last || (i > last && p.sentAt < c.answeredAt)).map((p) => p.version));
      expect(allowed.has(used), `a case sent at tick ${c.sentAt} to ${c.server} ran v${used}; allowed ${[...allowed].join(", ")} (after ${publishes[last]?.kind} to v${publishes[last]?.version} completed at tick ${publishes[last]?.completedAt})`).toBe(true);
      if (allowed.size === 1) checked++;
    }
    // Most cases fall between publishes, where exactly one version is right.
    expect(checked).toBeGreaterThan(cases.length / 2);

    const verify = await callB("GET", "/api/v1/audit/verify");
    expect(verify.body).toMatchObject({ ok: true });
    expect(verify.body.checked).toBeGreaterThanOrEqual(cases.length);
    const log = await callA("GET", `/api/v1/playbooks/${PB}/versions`);
    expect(log.body.publications.length).toBe(Math.min(50, publishes.length));
    console.log(
      `[live-publish] ${cases.length} cases (${cases.filter((c) => c.server === "a").length} on a, ${cases.filter((c) => c.server === "b").length} on b), ${publishes.length - 1} publishes and rollbacks in ${DURATION_MS / 1000} s; ${checked} cases had exactly one allowed version`,
    );
  }, 120_000);
});
