// The reply check as a service: which tone playbook a draft is checked against, and the check
// (engine/tone.ts, the same code the editor runs in the browser). "Reply drafted" case events run
// it through the engine instead (services/sla.ts eventDecision), so playbooks can act on it.
import { desc, eq } from "drizzle-orm";
import { ToneCheckRequest, type Channel, type ToneCheckResponse, type TonePlaybook } from "@/schemas";
import { checkReply, type CompiledPlaybook } from "@/engine";
import type { ServiceContext } from "../db/client";
import { playbooks, playbookVersions } from "../db/schema";
import { NotFoundError, ServiceError, ValidationError, zodIssues } from "../errors";
import { compiledVersion, publishedPlaybooks } from "./snapshot";

const isTone = (p: CompiledPlaybook): p is CompiledPlaybook & { document: TonePlaybook } => p.document.kind === "tone";

/** The published tone playbooks in the order their rules run: precedence, then id. */
export function publishedTonePlaybooks(ctx: ServiceContext): (CompiledPlaybook & { document: TonePlaybook })[] {
  return publishedPlaybooks(ctx)
    .filter(isTone)
    .sort((a, b) => a.document.precedence - b.document.precedence || (a.ref.playbookId < b.ref.playbookId ? -1 : 1));
}

/** The guidelines a draft on `channel` is checked against: the first published tone playbook whose trigger channels include it. */
function toneFor(ctx: ServiceContext, channel: Channel, playbookId: string | undefined): CompiledPlaybook & { document: TonePlaybook } {
  if (playbookId !== undefined) {
    const row = ctx.db.select({ kind: playbooks.kind, publishedVersionId: playbooks.publishedVersionId }).from(playbooks).where(eq(playbooks.id, playbookId)).get();
    if (!row) throw new NotFoundError("playbook", playbookId);
    if (row.kind !== "tone") throw new ValidationError(`playbook '${playbookId}' is a ${row.kind} playbook`, [{ path: "playbookId", message: "name a tone playbook" }]);
    // Its published version; before it is published, its newest (a strategist trying a new version's guidelines).
    const versionId =
      row.publishedVersionId ??
      ctx.db.select({ id: playbookVersions.id }).from(playbookVersions).where(eq(playbookVersions.playbookId, playbookId)).orderBy(desc(playbookVersions.version)).limit(1).get()?.id;
    const compiled = versionId ? compiledVersion(ctx, versionId) : null;
    if (!compiled || !isTone(compiled))
      throw new ServiceError("conflict", `tone playbook '${playbookId}' has no versions yet: save its guidelines first`, [{ path: "playbookId", message: "save a version of its guidelines" }]);
    return compiled;
  }
  const found = publishedTonePlaybooks(ctx).find((p) => p.document.trigger.channels.length === 0 || p.document.trigger.channels.includes(channel));
  if (!found)
    throw new ServiceError("conflict", `no published tone guidelines apply to ${channel}: publish a tone playbook (or name one with playbookId)`, [
      { path: "channel", message: "no published tone playbook covers this channel" },
    ]);
  return found;
}

/** Check a draft reply: the score and each violation with its guideline, span and suggestion. */
export function checkTone(ctx: ServiceContext, input: unknown): ToneCheckResponse {
  const parsed = ToneCheckRequest.safeParse(input);
  if (!parsed.success) throw new ValidationError("the check request is invalid", zodIssues(parsed.error));
  const { playbookId, ...draft } = parsed.data;
  const pb = toneFor(ctx, draft.channel, playbookId);
  return { ...checkReply(pb.document, draft), playbook: { playbookId: pb.ref.playbookId, versionId: pb.ref.versionId, version: pb.ref.version, name: pb.name } };
}
