// Changing what is live: publish now, schedule a publish (with an optional end that restores the
// version live before it), roll back. `setLiveVersionTx` is the one place the live pointer moves:
// it bumps the publish generation (every process recompiles on its next case), writes the publish
// log and the audit row, and refreshes the states of the versions involved, all in one transaction.
import { randomUUID } from "node:crypto";
import { and, desc, eq, inArray } from "drizzle-orm";
import type { Publication, PublicationKind, PublishResult, PublishSchedule } from "@/schemas/lifecycle";
import type { AuditAction } from "../db/schema";
import type { ServiceContext } from "../db/client";
import type { Exec } from "../db/tx";
import { playbookPublications, playbooks, playbookVersions, publishSchedules } from "../db/schema";
import { ServiceError, ValidationError } from "../errors";
import { assertApprovedIfRequired } from "./approvals";
import { emitAudit } from "./audit";
import { bumpPublishGeneration } from "./settings";
import { addTimer, cancelTimers, type TimerHandler } from "./timers";
import { playbookRowOrThrow, refreshVersionStates, versionRowById, versionRowOrThrow, wasLive, type PlaybookRow, type VersionRow } from "./version-rows";
import { getWorkspaceSettings } from "./workspace";

/** Who the publish log names for scheduled starts and ends (the schedule names who scheduled it). */
export const SCHEDULER_ACTOR = "system:scheduler";
export const SCHEDULE_START = "schedule.start";
export const SCHEDULE_END = "schedule.end";

export interface Clock {
  now(): Date;
}
const wallClock: Clock = { now: () => new Date() };

const AUDIT_ACTION: Record<PublicationKind, AuditAction> = {
  publish: "playbook.published",
  rollback: "playbook.rolled_back",
  schedule_start: "playbook.schedule_started",
  schedule_end: "playbook.schedule_ended",
};

type PublicationRow = typeof playbookPublications.$inferSelect;
type ScheduleRow = typeof publishSchedules.$inferSelect;

function ref(db: Exec, versionId: string | null): { id: string; version: number } | null {
  if (!versionId) return null;
  const v = versionRowById(db, versionId);
  return v ? { id: v.id, version: v.version } : null;
}

export function toPublication(db: Exec, r: PublicationRow): Publication {
  return {
    id: r.id,
    playbookId: r.playbookId,
    kind: r.kind as PublicationKind,
    from: ref(db, r.fromVersionId),
    to: ref(db, r.toVersionId),
    comment: r.comment,
    actor: r.actor,
    at: r.at,
    scheduleId: r.scheduleId,
  };
}

export function toSchedule(db: Exec, s: ScheduleRow): PublishSchedule {
  return {
    id: s.id,
    playbookId: s.playbookId,
    versionId: s.versionId,
    version: versionRowById(db, s.versionId)?.version ?? 0,
    startAt: s.startAt,
    endAt: s.endAt,
    status: s.status as PublishSchedule["status"],
    comment: s.comment,
    createdBy: s.createdBy,
    createdAt: s.createdAt,
    previous: ref(db, s.previousVersionId),
    startedAt: s.startedAt,
    endedAt: s.endedAt,
    note: s.note,
  };
}

/**
 * Make `versionId` the live version of its playbook (null: nothing live). A no-op (null) when it
 * already is. The caller has checked that the change is allowed.
 */
export function setLiveVersionTx(
  tx: Exec,
  o: { playbook: PlaybookRow; versionId: string | null; kind: PublicationKind; comment: string; actor: string; at: string; scheduleId?: string | null },
): Publication | null {
  const from = o.playbook.publishedVersionId;
  if (from === o.versionId) return null;
  tx.update(playbooks).set({ publishedVersionId: o.versionId, updatedAt: o.at }).where(eq(playbooks.id, o.playbook.id)).run();
  if (o.versionId) tx.update(playbookVersions).set({ publishedAt: o.at }).where(eq(playbookVersions.id, o.versionId)).run();
  const generation = bumpPublishGeneration(tx);
  const row = tx
    .insert(playbookPublications)
    .values({ playbookId: o.playbook.id, kind: o.kind, fromVersionId: from, toVersionId: o.versionId, comment: o.comment, actor: o.actor, at: o.at, scheduleId: o.scheduleId ?? null, generation })
    .returning()
    .get();
  refreshVersionStates(tx, from, o.versionId);
  const publication = toPublication(tx, row);
  emitAudit(tx, {
    actor: o.actor,
    action: AUDIT_ACTION[o.kind],
    entityId: o.playbook.id,
    at: o.at,
    before: { publishedVersionId: from, version: publication.from?.version ?? null },
    after: { publishedVersionId: o.versionId, version: publication.to?.version ?? null, generation, comment: o.comment, ...(o.scheduleId ? { scheduleId: o.scheduleId } : {}) },
  });
  return publication;
}

/** Refuses what may not go live: a rejected version, or (when the workspace requires it) one not approved. */
export function assertPublishableTx(tx: Exec, v: VersionRow): void {
  assertApprovedIfRequired(tx, v, getWorkspaceSettings(tx).requireApproval);
}

function requireComment(comment: string | undefined, path: string): string {
  const c = comment?.trim() ?? "";
  if (c.length < 3) throw new ValidationError("a comment is required to publish", [{ path, message: "say why this version goes live (at least 3 characters)" }]);
  return c;
}

/** Publish a version now, inside the caller's transaction (import with ?publish=true, a draft's publish). */
export function publishNowTx(tx: Exec, input: { playbookId: string; versionId: string; comment: string | undefined; actor: string; at: string; commentPath?: string }): Publication | null {
  const p = playbookRowOrThrow(tx, input.playbookId);
  const v = versionRowById(tx, input.versionId);
  if (!v) throw new ServiceError("not_found", `version '${input.versionId}' not found`);
  if (p.publishedVersionId === v.id) return null;
  const comment = requireComment(input.comment, input.commentPath ?? "comment");
  assertPublishableTx(tx, v);
  return setLiveVersionTx(tx, { playbook: p, versionId: v.id, kind: "publish", comment, actor: input.actor, at: input.at });
}

/** Publish version `n` now, or (with `at`) schedule it, optionally until `until`. */
export function publishVersion(
  ctx: ServiceContext,
  input: { playbookId: string; version: number; comment: string; at?: string; until?: string; actor: string },
  clock: Clock = wallClock,
): PublishResult {
  return ctx.db.transaction(
    (tx) => {
      const now = clock.now();
      const p = playbookRowOrThrow(tx, input.playbookId);
      const v = versionRowOrThrow(tx, input.playbookId, input.version);
      const comment = requireComment(input.comment, "comment");
      const base = { playbookId: p.id, versionId: v.id, version: v.version };
      if (input.at) {
        const schedule = scheduleTx(tx, { p, v, at: input.at, until: input.until, comment, actor: input.actor, now });
        return { ...base, published: false, publication: null, schedule };
      }
      if (input.until) throw new ValidationError("an end time needs a start time", [{ path: "until", message: "give `at` too, or leave `until` out" }]);
      if (p.publishedVersionId === v.id) return { ...base, published: false, publication: null, schedule: null };
      assertPublishableTx(tx, v);
      const publication = setLiveVersionTx(tx, { playbook: p, versionId: v.id, kind: "publish", comment, actor: input.actor, at: now.toISOString() });
      return { ...base, published: true, publication, schedule: null };
    },
    { behavior: "immediate" },
  );
}

/** Put an earlier version back live in one action: a new publish log entry of kind rollback, with the reason. */
export function rollbackPlaybook(ctx: ServiceContext, input: { playbookId: string; version: number; reason: string; actor: string }, clock: Clock = wallClock): PublishResult {
  return ctx.db.transaction(
    (tx) => {
      const p = playbookRowOrThrow(tx, input.playbookId);
      const v = versionRowOrThrow(tx, input.playbookId, input.version);
      const reason = input.reason?.trim() ?? "";
      if (reason.length < 3) throw new ValidationError("a reason is required to roll back", [{ path: "reason", message: "say why you roll back (at least 3 characters)" }]);
      if (p.publishedVersionId === v.id) throw new ServiceError("conflict", `v${v.version} is the live version already`, [{ path: "version", message: "already live" }]);
      if (!wasLive(tx, v))
        throw new ServiceError("invalid_request", `v${v.version} was never live, so there is nothing to roll back to: publish it instead${getWorkspaceSettings(tx).requireApproval ? " (it needs approval)" : ""}`, [
          { path: "version", message: "choose a version that was live before" },
        ]);
      const publication = setLiveVersionTx(tx, { playbook: p, versionId: v.id, kind: "rollback", comment: reason, actor: input.actor, at: clock.now().toISOString() });
      return { playbookId: p.id, versionId: v.id, version: v.version, published: true, publication, schedule: null };
    },
    { behavior: "immediate" },
  );
}

// ----- schedules -------------------------------------------------------------------------------

function scheduleTx(tx: Exec, o: { p: PlaybookRow; v: VersionRow; at: string; until?: string; comment: string; actor: string; now: Date }): PublishSchedule {
  const startAt = new Date(o.at);
  const endAt = o.until ? new Date(o.until) : null;
  if (!(startAt.getTime() > o.now.getTime()))
    throw new ValidationError("a scheduled publish must start in the future", [{ path: "at", message: `must be after now (${o.now.toISOString()}); leave it out to publish now` }]);
  if (endAt && !(endAt.getTime() > startAt.getTime())) throw new ValidationError("the window must end after it starts", [{ path: "until", message: "must be after `at`" }]);
  assertPublishableTx(tx, o.v);
  const row: ScheduleRow = {
    id: randomUUID(),
    playbookId: o.p.id,
    versionId: o.v.id,
    startAt: startAt.toISOString(),
    endAt: endAt?.toISOString() ?? null,
    status: "scheduled",
    comment: o.comment,
    createdBy: o.actor,
    createdAt: o.now.toISOString(),
    previousVersionId: null,
    startedAt: null,
    endedAt: null,
    note: null,
  };
  tx.insert(publishSchedules).values(row).run();
  addTimer(tx, { kind: SCHEDULE_START, refId: row.id, dueAt: row.startAt, now: o.now });
  if (row.endAt) addTimer(tx, { kind: SCHEDULE_END, refId: row.id, dueAt: row.endAt, now: o.now });
  const before = o.v.state;
  refreshVersionStates(tx, o.v.id);
  emitAudit(tx, {
    actor: o.actor,
    action: "playbook.publish_scheduled",
    entityId: o.p.id,
    at: row.createdAt,
    before: { version: o.v.version, state: before },
    after: { version: o.v.version, state: "scheduled", scheduleId: row.id, startAt: row.startAt, endAt: row.endAt, comment: o.comment },
  });
  return toSchedule(tx, row);
}

/**
 * Cancel a schedule: before it starts, nothing goes live; while its window runs, the end is
 * cancelled and the version stays live.
 */
export function cancelSchedule(ctx: ServiceContext, input: { playbookId: string; scheduleId: string; actor: string }, clock: Clock = wallClock): PublishSchedule {
  return ctx.db.transaction(
    (tx) => {
      const s = tx.select().from(publishSchedules).where(and(eq(publishSchedules.id, input.scheduleId), eq(publishSchedules.playbookId, input.playbookId))).get();
      if (!s) throw new ServiceError("not_found", `playbook '${input.playbookId}' has no schedule '${input.scheduleId}'`, [{ path: "scheduleId", message: "no such schedule" }]);
      const now = clock.now();
      const at = now.toISOString();
      let update: Partial<ScheduleRow>;
      if (s.status === "scheduled") update = { status: "cancelled", endedAt: at, note: `cancelled by ${input.actor} before it started` };
      else if (s.status === "active") update = { status: "done", endedAt: at, note: `end cancelled by ${input.actor}: nothing is restored when the window would have ended` };
      else throw new ServiceError("conflict", `the schedule is ${s.status}: there is nothing left to cancel`, [{ path: "scheduleId", message: `already ${s.status}` }]);
      cancelTimers(tx, s.id, now);
      tx.update(publishSchedules).set(update).where(eq(publishSchedules.id, s.id)).run();
      refreshVersionStates(tx, s.versionId);
      const v = versionRowById(tx, s.versionId);
      emitAudit(tx, {
        actor: input.actor,
        action: "playbook.schedule_cancelled",
        entityId: s.playbookId,
        at,
        before: { scheduleId: s.id, version: v?.version ?? null, status: s.status, startAt: s.startAt, endAt: s.endAt },
        after: { scheduleId: s.id, status: update.status ?? s.status, note: update.note ?? null },
      });
      return toSchedule(tx, { ...s, ...update });
    },
    { behavior: "immediate" },
  );
}

export function listSchedules(db: Exec, playbookId: string, statuses?: PublishSchedule["status"][]): PublishSchedule[] {
  return db
    .select()
    .from(publishSchedules)
    .where(and(eq(publishSchedules.playbookId, playbookId), statuses ? inArray(publishSchedules.status, statuses) : undefined))
    .orderBy(desc(publishSchedules.startAt))
    .all()
    .map((s) => toSchedule(db, s));
}

export function listPublications(db: Exec, playbookId: string, limit = 50): Publication[] {
  return db
    .select()
    .from(playbookPublications)
    .where(eq(playbookPublications.playbookId, playbookId))
    .orderBy(desc(playbookPublications.id))
    .limit(limit)
    .all()
    .map((r) => toPublication(db, r));
}

function scheduleRow(tx: Exec, id: string): ScheduleRow | undefined {
  return tx.select().from(publishSchedules).where(eq(publishSchedules.id, id)).get();
}

const versionLabel = (db: Exec, id: string | null) => (id ? `v${versionRowById(db, id)?.version ?? "?"}` : "nothing");

/** What the scheduler does at a schedule's start and end (registered by kind in the scheduler). */
export const SCHEDULE_TIMERS: Record<string, TimerHandler> = {
  [SCHEDULE_START]: {
    run(tx, timer, now) {
      const s = scheduleRow(tx, timer.refId);
      if (!s || s.status !== "scheduled") return `skipped: the schedule is ${s?.status ?? "gone"}`;
      const p = playbookRowOrThrow(tx, s.playbookId);
      // The rules at the time it goes live apply: approval turned on since, or a version altered since its approval, stops it (failed, with the reason).
      const v = versionRowById(tx, s.versionId);
      if (v) assertPublishableTx(tx, v);
      const at = now.toISOString();
      const previous = p.publishedVersionId;
      const publication = setLiveVersionTx(tx, {
        playbook: p,
        versionId: s.versionId,
        kind: "schedule_start",
        comment: `${s.comment} (scheduled by ${s.createdBy})`,
        actor: SCHEDULER_ACTOR,
        at,
        scheduleId: s.id,
      });
      const note = publication ? `published ${versionLabel(tx, s.versionId)} (was ${versionLabel(tx, previous)})` : `${versionLabel(tx, s.versionId)} was already live`;
      tx.update(publishSchedules)
        .set({ status: s.endAt ? "active" : "done", startedAt: at, previousVersionId: previous, note })
        .where(eq(publishSchedules.id, s.id))
        .run();
      refreshVersionStates(tx, s.versionId);
      return note;
    },
    failed(tx, timer, now, error) {
      const message = error instanceof Error ? error.message : String(error);
      tx.update(publishSchedules)
        .set({ status: "failed", endedAt: now.toISOString(), note: `could not publish at the start: ${message}` })
        .where(eq(publishSchedules.id, timer.refId))
        .run();
      cancelTimers(tx, timer.refId, now, SCHEDULE_END);
      const s = scheduleRow(tx, timer.refId);
      if (s) refreshVersionStates(tx, s.versionId);
    },
  },
  [SCHEDULE_END]: {
    run(tx, timer, now) {
      const s = scheduleRow(tx, timer.refId);
      if (!s || s.status !== "active") return `skipped: the schedule is ${s?.status ?? "gone"}`;
      const p = playbookRowOrThrow(tx, s.playbookId);
      const at = now.toISOString();
      let note: string;
      if (p.publishedVersionId === s.versionId) {
        setLiveVersionTx(tx, {
          playbook: p,
          versionId: s.previousVersionId,
          kind: "schedule_end",
          comment: `end of the window scheduled by ${s.createdBy} ("${s.comment}"): ${versionLabel(tx, s.previousVersionId)} returns`,
          actor: SCHEDULER_ACTOR,
          at,
          scheduleId: s.id,
        });
        note = `window ended: ${versionLabel(tx, s.previousVersionId)} is live again`;
      } else {
        note = `window ended; ${versionLabel(tx, p.publishedVersionId)} had been published during it, so it stays live`;
      }
      tx.update(publishSchedules).set({ status: "done", endedAt: at, note }).where(eq(publishSchedules.id, s.id)).run();
      refreshVersionStates(tx, s.versionId, s.previousVersionId);
      return note;
    },
    failed(tx, timer, now, error) {
      const message = error instanceof Error ? error.message : String(error);
      tx.update(publishSchedules).set({ status: "failed", endedAt: now.toISOString(), note: `could not restore the previous version: ${message}` }).where(eq(publishSchedules.id, timer.refId)).run();
    },
  },
};
