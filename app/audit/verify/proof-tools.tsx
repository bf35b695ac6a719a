"use client";
// Both tools walk the log in chunks so the progress bar moves and no request runs long.
import Link from "next/link";
import { useState } from "react";
import { Badge } from "@/app/_components/badges";
import { fmt } from "@/app/_i18n";
import { useI18n } from "@/app/_i18n/client";
import { useTRPCClient } from "@/app/_trpc/client";
import type { ReplaySampleResult, VerifyRangeResult } from "@/schemas";

const VERIFY_CHUNK = 2_000;
const REPLAY_CHUNK = 25;

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function Progress({ label, value, max }: { label: string; value: number; max: number }) {
  return (
    <div className="proof-progress">
      <progress aria-label={label} value={value} max={Math.max(max, 1)} />
    </div>
  );
}

type VerifyState =
  | { phase: "idle" }
  | { phase: "running"; checked: number; total: number }
  | { phase: "done"; checked: number; total: number; last: VerifyRangeResult }
  | { phase: "error"; message: string };

export function VerifyChain() {
  const { t } = useI18n();
  const tp = t.proof;
  const client = useTRPCClient();
  const [state, setState] = useState<VerifyState>({ phase: "idle" });
  const running = state.phase === "running";

  async function run() {
    setState({ phase: "running", checked: 0, total: 0 });
    try {
      let fromSeq = 1;
      let prevHash: string | undefined;
      let checked = 0;
      for (;;) {
        const r = await client.proof.verifyRange.query({ fromSeq, limit: VERIFY_CHUNK, ...(prevHash ? { prevHash } : {}) });
        checked += r.checked;
        if (r.done || r.nextSeq === null) {
          setState({ phase: "done", checked, total: r.total, last: r });
          return;
        }
        setState({ phase: "running", checked, total: r.total });
        fromSeq = r.nextSeq;
        prevHash = r.prevHash;
      }
    } catch (e) {
      setState({ phase: "error", message: message(e) });
    }
  }

  return (
    <section className="card card-pad" aria-labelledby="chain-title">
      <h2 id="chain-title" className="card-title">
        {tp.chainTitle}
      </h2>
      <p className="muted">{tp.chainHint}</p>
      <div className="button-row">
        <button type="button" className="btn btn-primary" onClick={run} disabled={running}>
          {running ? tp.verifying : tp.verifyAll}
        </button>
      </div>
      {(state.phase === "running" || state.phase === "done") && (
        <>
          <Progress label={tp.progressLabel} value={state.checked} max={state.total} />
          <p className="muted small tabular" data-testid="verify-progress">
            {fmt(tp.checkedOf, { checked: state.checked, total: state.total })}
          </p>
        </>
      )}
      <div aria-live="polite" data-testid="verify-result">
        {state.phase === "done" && state.last.ok && (
          <p className="proof-ok">
            <Badge tone="ok">OK</Badge> {fmt(tp.chainOk, { n: state.checked })}
          </p>
        )}
        {state.phase === "done" && !state.last.ok && (
          <div className="proof-bad" role="alert">
            <p>
              <Badge tone="danger">{tp.chainBad}</Badge>{" "}
              {state.last.firstBadSeq !== undefined && <strong>{fmt(tp.firstBad, { seq: state.last.firstBadSeq })}</strong>}
            </p>
            <p>{state.last.reason}</p>
            {state.last.firstBadId && (
              <p>
                <Link href={`/decisions/${encodeURIComponent(state.last.firstBadId)}`}>
                  {tp.openBad} <code>{state.last.firstBadId}</code>
                </Link>
              </p>
            )}
          </div>
        )}
        {state.phase === "error" && <p className="proof-error">{fmt(tp.failed, { message: state.message })}</p>}
      </div>
    </section>
  );
}

type SampleState =
  | { phase: "idle" }
  | { phase: "running"; acc: ReplaySampleResult; done: number }
  | { phase: "done"; acc: ReplaySampleResult }
  | { phase: "error"; message: string };

export function ReplaySample() {
  const { t } = useI18n();
  const tp = t.proof;
  const client = useTRPCClient();
  const [size, setSize] = useState(100);
  const [state, setState] = useState<SampleState>({ phase: "idle" });
  const running = state.phase === "running";
  const validSize = Number.isInteger(size) && size >= 1 && size <= 10_000;

  async function run() {
    setState({ phase: "running", acc: { seed: 0, untilSeq: 0, sampled: size, checked: 0, identical: 0, different: 0, differentIds: [], nextOffset: 0 }, done: 0 });
    try {
      let r = await client.proof.replaySample.mutate({ size, offset: 0, limit: REPLAY_CHUNK });
      const acc = { ...r, differentIds: [...r.differentIds] };
      setState({ phase: "running", acc: { ...acc }, done: acc.checked });
      while (r.nextOffset !== null) {
        r = await client.proof.replaySample.mutate({ size, seed: acc.seed, untilSeq: acc.untilSeq, offset: r.nextOffset, limit: REPLAY_CHUNK });
        acc.checked += r.checked;
        acc.identical += r.identical;
        acc.different += r.different;
        acc.differentIds.push(...r.differentIds);
        setState({ phase: "running", acc: { ...acc }, done: acc.checked });
      }
      setState({ phase: "done", acc: { ...acc, nextOffset: null } });
    } catch (e) {
      setState({ phase: "error", message: message(e) });
    }
  }

  const acc = state.phase === "running" || state.phase === "done" ? state.acc : null;
  return (
    <section className="card card-pad" aria-labelledby="sample-title">
      <h2 id="sample-title" className="card-title">
        {tp.sampleTitle}
      </h2>
      <p className="muted">{tp.sampleHint}</p>
      <form
        className="button-row"
        onSubmit={(e) => {
          e.preventDefault();
          if (validSize && !running) void run();
        }}
      >
        <label className="inline-field">
          <span>{tp.sampleSize}</span>
          <input type="number" min={1} max={10_000} step={1} value={Number.isNaN(size) ? "" : size} onChange={(e) => setSize(e.target.valueAsNumber)} required />
        </label>
        <button type="submit" className="btn btn-primary" disabled={running || !validSize}>
          {running ? tp.sampleRunning : fmt(tp.sampleButton, { n: validSize ? size : "…" })}
        </button>
      </form>
      {acc && (
        <>
          <Progress label={tp.sampleProgress} value={acc.checked} max={acc.sampled} />
          <p className="muted small tabular" data-testid="sample-progress">
            {fmt(tp.checkedOf, { checked: acc.checked, total: acc.sampled })}
          </p>
        </>
      )}
      <div aria-live="polite" data-testid="sample-result">
        {state.phase === "done" && acc && acc.sampled === 0 && <p className="muted">{tp.sampleEmpty}</p>}
        {state.phase === "done" && acc && acc.sampled > 0 && (
          <>
            <p className={acc.different ? "proof-bad" : "proof-ok"}>
              <Badge tone={acc.different ? "danger" : "ok"}>{acc.different ? tp.different : tp.identical}</Badge>{" "}
              {fmt(tp.sampleDone, { identical: acc.identical, different: acc.different, n: acc.checked, seed: acc.seed })}
            </p>
            {acc.differentIds.length > 0 && (
              <>
                <h3 className="mini-title">{tp.sampleDifferent}</h3>
                <ul className="plain-list">
                  {acc.differentIds.map((id) => (
                    <li key={id}>
                      {id.startsWith("seq:") ? <code>{id}</code> : <Link href={`/decisions/${encodeURIComponent(id)}`}>{id}</Link>}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </>
        )}
        {state.phase === "error" && <p className="proof-error">{fmt(tp.failed, { message: state.message })}</p>}
      </div>
    </section>
  );
}
