"use client";
// The decision page's proof tools: replay this decision, download its case's evidence bundle.
// Hidden for roles that lack the permission; the server checks again.
import { useMutation } from "@tanstack/react-query";
import { fmt } from "@/app/_i18n";
import { useI18n } from "@/app/_i18n/client";
import { useCan } from "@/app/_server/auth/session-client";
import { useTRPC } from "@/app/_trpc/client";
import type { ReplayDifference } from "@/schemas";
import { Badge } from "./badges";

function show(v: ReplayDifference["stored"], absent: string): string {
  if (v === undefined) return absent;
  return typeof v === "string" ? v : JSON.stringify(v);
}

export function ProofActions({ decisionId, caseId }: { decisionId: string; caseId?: string }) {
  const { t } = useI18n();
  const tp = t.proof;
  const trpc = useTRPC();
  const canReplay = useCan("audit.replay");
  const canExport = useCan("audit.export");
  const replay = useMutation(trpc.proof.replay.mutationOptions());
  if (!canReplay && !(canExport && caseId)) return null;
  const r = replay.data;

  return (
    <section className="card card-pad proof-actions" aria-labelledby="proof-title">
      <h2 id="proof-title" className="card-title">
        {tp.replayTitle}
      </h2>
      <p className="muted small">{tp.replayHint}</p>
      <div className="button-row">
        {canReplay && (
          <button type="button" className="btn btn-primary" disabled={replay.isPending} onClick={() => replay.mutate({ id: decisionId })}>
            {replay.isPending ? tp.replaying : tp.replay}
          </button>
        )}
        {canExport && caseId && (
          // A plain download: the session cookie authenticates the GET, the server names the file.
          <a className="btn" href={`/api/v1/cases/${encodeURIComponent(caseId)}/evidence`} download title={tp.exportHint}>
            {tp.exportEvidence}
          </a>
        )}
      </div>
      <div aria-live="polite" data-testid="replay-result">
        {replay.error && <p className="proof-error">{fmt(tp.replayError, { message: replay.error.message })}</p>}
        {r && r.error && <p className="proof-error">{fmt(tp.replayError, { message: r.error })}</p>}
        {r && !r.error && r.identical && (
          <p className="proof-ok">
            <Badge tone="ok">{tp.identical}</Badge> <span className="muted small">{tp.identicalHint}</span>
          </p>
        )}
        {r && !r.error && !r.identical && (
          <>
            <p className="proof-bad">
              <Badge tone="danger">{tp.different}</Badge> {fmt(tp.differentHint, { n: r.differences.length })}
            </p>
            <div className="table-wrap">
              <table className="table table-compact">
                <thead>
                  <tr>
                    <th scope="col">{tp.path}</th>
                    <th scope="col">{tp.stored}</th>
                    <th scope="col">{tp.replayed}</th>
                  </tr>
                </thead>
                <tbody>
                  {r.differences.map((d) => (
                    <tr key={d.path}>
                      <th scope="row">
                        <code>{d.path}</code>
                      </th>
                      <td>
                        <code>{show(d.stored, tp.absent)}</code>
                      </td>
                      <td>
                        <code>{show(d.replayed, tp.absent)}</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </div>
    </section>
  );
}
