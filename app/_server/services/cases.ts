import { randomUUID } from "node:crypto";
import { and, asc, eq, sql } from "drizzle-orm";
import { CaseInput, Decision, type Case, type CaseCreated, type StoredCase } from "@/schemas";
import { deriveFacts, evaluate, type CompiledPlaybook, type EngineClock } from "@/engine";
import type { ServiceContext } from "../db/client";
import type { Exec } from "../db/tx";
import { placeholders, prepared } from "../db/prepared";
import { cases, decisions } from "../db/schema";
import { ValidationError, zodIssues } from "../errors";
import { appendDecision } from "./chain";
import { crisisFacts } from "./crisis";
import { applyDecisionEffects } from "./effects";
import { parseStoredDecision, toStoredCase } from "./decisions";
import { publishedPlaybooks } from "./snapshot";

export const systemClock: EngineClock = { now: () => new Date(), perf: () => performance.now() };

export function getCase(ctx: ServiceContext, id: string): { case: StoredCase; decisions: Decision[] } | null {
  const row = ctx.db.select().from(cases).where(eq(cases.id, id)).get();
  if (!row) return null;
  const rows = ctx.db.select({ decision: decisions.decision }).from(decisions).where(eq(decisions.caseId, id)).orderBy(asc(decisions.seq)).all();
  return { case: toStoredCase(row), decisions: rows.map((r) => parseStoredDecision(r.decision)) };
}

export function caseExists(db: Exec, id: string): boolean {
  return db.select({ id: cases.id }).from(cases).where(eq(cases.id, id)).get() !== undefined;
}

// Intake's fixed statements, prepared once per connection (db/prepared.ts).
const intakeStatements = (db: Exec) => ({
  caseByKey: db
    .select({ id: cases.id })
    .from(cases)
    .where(and(eq(cases.source, sql.placeholder("source")), eq(cases.externalId, sql.placeholder("externalId"))))
    .prepare(),
  firstDecision: db
    .select({ decision: decisions.decision })
    .from(decisions)
    .where(eq(decisions.caseId, sql.placeholder("caseId")))
    .orderBy(asc(decisions.seq))
    .limit(1)
    .prepare(),
  insertCase: db.insert(cases).values(placeholders(["id", "source", "externalId", "channel", "customerId", "receivedAt", "createdAt", "input"])).prepare(),
});

/** The first answer given for (source, externalId), if that case was already received. */
function firstAnswer(db: Exec, source: string, externalId: string): CaseCreated | null {
  const statements = prepared(db, intakeStatements);
  const c = statements.caseByKey.get({ source, externalId });
  if (!c) return null;
  const d = statements.firstDecision.get({ caseId: c.id });
  // A case is always written together with its decision, so d exists; guard anyway.
  if (!d) return null;
  const decision = parseStoredDecision(d.decision);
  return { caseId: c.id, decisionId: decision.id, duplicate: true, matched: decision.matched, decision };
}

interface Decided {
  playbooks: readonly CompiledPlaybook[];
  source: string;
  input: Case;
  caseId: string;
  decision: Decision;
  now: Date;
}

/** A posted case, validated (ValidationError naming each bad field, under `issuePrefix` in a batch). */
function parseCase(input: unknown, issuePrefix?: string): Case {
  const parsed = CaseInput.safeParse(input);
  if (!parsed.success) throw new ValidationError("the case is invalid", zodIssues(parsed.error, issuePrefix));
  return parsed.data;
}

/** Decide one validated case against the published playbooks (nothing written yet). */
async function decideCase(ctx: ServiceContext, input: Case, clock: EngineClock, live: boolean): Promise<Decided> {
  const now = clock.now();
  const c = { ...input, receivedAt: input.receivedAt ?? now.toISOString() };
  const caseId = randomUUID();
  const t0 = clock.perf();
  // Crisis mode is a fact of a live case's decision: its trace records it and a replay sees the
  // same. History being imported was not decided in today's crisis, so it gets none.
  const derived = await deriveFacts(c, { now });
  const facts = live ? { ...derived, ...crisisFacts(ctx.db, now) } : derived;
  const factsMs = clock.perf() - t0;
  const playbooks = publishedPlaybooks(ctx);
  // Validating the engine's answer keeps every stored decision readable by the same schema.
  const decision = Decision.parse(evaluate({ decisionId: randomUUID(), caseId, subject: "case", facts, factsMs, playbooks, clock }));
  return { playbooks, source: c.source ?? c.channel, input: c, caseId, decision, now };
}

/** Write a decided case with its decision and chain link (inside an immediate transaction); the first answer when it was stored meanwhile. */
function storeCaseTx(tx: Exec, d: Decided, live: boolean): CaseCreated {
  // Another request (or process) may have stored the same case while we were evaluating.
  const raced = firstAnswer(tx, d.source, d.input.externalId);
  if (raced) return raced;
  prepared(tx, intakeStatements).insertCase.run({
    id: d.caseId,
    source: d.source,
    externalId: d.input.externalId,
    channel: d.input.channel,
    customerId: d.input.customer.id,
    receivedAt: new Date(d.input.receivedAt ?? d.now.toISOString()).toISOString(),
    createdAt: d.now.toISOString(),
    input: JSON.stringify(d.input),
  });
  appendDecision(tx, d.decision);
  applyDecisionEffects(tx, { decision: d.decision, now: d.now, case: d.input, playbooks: d.playbooks, live });
  return { caseId: d.caseId, decisionId: d.decision.id, duplicate: false, matched: d.decision.matched, decision: d.decision };
}

/**
 * Intake: validate, decide, then write the case, its decision and the chain link in one immediate
 * transaction. Idempotent on (source ?? channel, externalId), also between processes.
 */
export async function ingestCase(ctx: ServiceContext, input: unknown, clock: EngineClock = systemClock): Promise<CaseCreated> {
  const c = parseCase(input);
  const earlier = firstAnswer(ctx.db, c.source ?? c.channel, c.externalId);
  if (earlier) return earlier;
  const decided = await decideCase(ctx, c, clock, true);
  return ctx.db.transaction((tx) => storeCaseTx(tx, decided, true), { behavior: "immediate" });
}

/**
 * Many cases at once (imports of history, seeding a workspace, tests and benchmarks): each is
 * decided exactly as intake decides it, then all are written in one immediate transaction, in
 * order, with their chain links. Retried externalIds give their first answer, as in intake.
 * They are history, not live traffic: no SLA clock starts and no crisis window counts them.
 */
export async function ingestCasesBulk(ctx: ServiceContext, inputs: readonly unknown[], clock: EngineClock = systemClock): Promise<CaseCreated[]> {
  const valid = inputs.map((input, i) => parseCase(input, String(i)));
  const decided: Decided[] = [];
  for (const c of valid) decided.push(await decideCase(ctx, c, clock, false));
  return ctx.db.transaction((tx) => decided.map((d) => storeCaseTx(tx, d, false)), { behavior: "immediate" });
}
