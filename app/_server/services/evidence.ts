// The evidence bundle of one case: everything an auditor needs to check its decisions without Pauta
// (scripts/verify-evidence.mjs does it with plain Node). Hashing is exactly the chain's (chain.ts).
import { asc, eq, inArray } from "drizzle-orm";
import type { ServiceContext } from "../db/client";
import { caseEvents, cases, decisions, playbookVersions } from "../db/schema";
import { NotFoundError } from "../errors";
import { GENESIS_HASH, rowContent } from "./chain";
import { canonicalJson, sha256 } from "./hash";
import { CHAIN_HEAD, readSetting } from "./settings";

export const EVIDENCE_FORMAT = "pauta-evidence-bundle";
export const EVIDENCE_VERSION = 1;

export interface EvidenceDecision {
  seq: number;
  prevHash: string;
  hash: string;
  /** exactly what the chain hashed: hash = sha256(prevHash + RFC 8785 JSON of content) */
  content: Record<string, unknown>;
  /** the following row's link (its prevHash must be this hash), or null at the head */
  next: { seq: number; prevHash: string } | null;
}

export interface EvidenceBundle {
  format: typeof EVIDENCE_FORMAT;
  version: typeof EVIDENCE_VERSION;
  generatedAt: string;
  generatedBy: string;
  hashing: Record<string, string>;
  case: { id: string; source: string; externalId: string; channel: string; receivedAt: string; createdAt: string; input: unknown };
  events: { id: string; eventId: string; type: string; occurredAt: string; createdAt: string; payload: unknown }[];
  decisions: EvidenceDecision[];
  playbookVersions: { versionId: string; playbookId: string; version: number; state: string; contentHash: string; document: unknown }[];
  chain: { genesis: string; head: { seq: number; hash: string } | null };
  /** sha256 of the RFC 8785 JSON of the bundle without this field */
  digest: string;
}

export const HASHING = {
  decision: "sha256 hex of (prevHash + RFC 8785 canonical JSON of content); the first decision's prevHash is 64 zeros",
  playbookVersion: "sha256 hex of the RFC 8785 canonical JSON of document",
  digest: "sha256 hex of the RFC 8785 canonical JSON of the whole bundle without its digest field",
};

export function bundleDigest(bundle: Omit<EvidenceBundle, "digest"> | Record<string, unknown>): string {
  const { digest: _ignored, ...rest } = bundle as Record<string, unknown>;
  return sha256(canonicalJson(rest));
}

/** Build the bundle from one consistent snapshot of the database. */
export function exportEvidence(ctx: ServiceContext, caseId: string, opts: { actor: string; now?: Date }): EvidenceBundle {
  return ctx.db.transaction((tx) => {
    const c = tx.select().from(cases).where(eq(cases.id, caseId)).get();
    if (!c) throw new NotFoundError("case", caseId);
    const events = tx.select().from(caseEvents).where(eq(caseEvents.caseId, caseId)).orderBy(asc(caseEvents.occurredAt), asc(caseEvents.createdAt)).all();
    const rows = tx.select().from(decisions).where(eq(decisions.caseId, caseId)).orderBy(asc(decisions.seq)).all();
    const nextSeqs = rows.map((r) => r.seq + 1);
    const successors = new Map(
      (nextSeqs.length ? tx.select({ seq: decisions.seq, prevHash: decisions.prevHash }).from(decisions).where(inArray(decisions.seq, nextSeqs)).all() : []).map((r) => [r.seq, r]),
    );
    const out: EvidenceDecision[] = rows.map((r) => ({ seq: r.seq, prevHash: r.prevHash, hash: r.hash, content: rowContent(r), next: successors.get(r.seq + 1) ?? null }));

    // The versions each decision recorded, read from the hashed content itself.
    const versionIds = new Set<string>();
    for (const d of out) {
      const used = (d.content.decision as { playbooks?: { versionId?: unknown }[] } | null)?.playbooks ?? [];
      for (const p of used) if (typeof p.versionId === "string") versionIds.add(p.versionId);
    }
    const versions = versionIds.size
      ? tx.select().from(playbookVersions).where(inArray(playbookVersions.id, [...versionIds])).orderBy(asc(playbookVersions.playbookId), asc(playbookVersions.version)).all()
      : [];

    const headSetting = readSetting(tx, CHAIN_HEAD);
    const m = headSetting ? /^(\d+):([0-9a-f]{64})$/.exec(headSetting) : null;

    const bundle: Omit<EvidenceBundle, "digest"> = {
      format: EVIDENCE_FORMAT,
      version: EVIDENCE_VERSION,
      generatedAt: (opts.now ?? new Date()).toISOString(),
      generatedBy: opts.actor,
      hashing: HASHING,
      case: { id: c.id, source: c.source, externalId: c.externalId, channel: c.channel, receivedAt: c.receivedAt, createdAt: c.createdAt, input: JSON.parse(c.input) as unknown },
      events: events.map((e) => ({ id: e.id, eventId: e.eventId, type: e.type, occurredAt: e.occurredAt, createdAt: e.createdAt, payload: JSON.parse(e.payload) as unknown })),
      decisions: out,
      playbookVersions: versions.map((v) => ({
        versionId: v.id,
        playbookId: v.playbookId,
        version: v.version,
        state: v.state,
        contentHash: v.contentHash,
        document: JSON.parse(v.document) as unknown,
      })),
      chain: { genesis: GENESIS_HASH, head: m ? { seq: Number(m[1]), hash: m[2]! } : null },
    };
    return { ...bundle, digest: bundleDigest(bundle) };
  });
}

/** The download's file name. */
export function evidenceFileName(bundle: Pick<EvidenceBundle, "case" | "generatedAt">): string {
  const safe = bundle.case.externalId.replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 80) || bundle.case.id;
  return `pauta-evidence-${safe}-${bundle.generatedAt.slice(0, 10)}.json`;
}
