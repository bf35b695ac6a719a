"use client";
import { useRef, useState } from "react";
import { fmt } from "@/app/_i18n";
import { useI18n } from "@/app/_i18n/client";

type State =
  | { kind: "idle" }
  | { kind: "running"; format: string; rows: number; bytes: number; total: number }
  | { kind: "done"; rows: number; file: string }
  | { kind: "cancelled" }
  | { kind: "failed"; message: string };

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * Export buttons for the whole result of the current search. The stream is read here (not handed to
 * the browser's download) so rows can be counted as they arrive against X-Total-Count, and cancelled.
 */
export function ExportPanel({ filters, total }: { filters: Record<string, string>; total: number }) {
  const { t } = useI18n();
  const ts = t.search;
  const [state, setState] = useState<State>({ kind: "idle" });
  const abort = useRef<AbortController | null>(null);

  async function run(format: "csv" | "jsonl"): Promise<void> {
    const controller = new AbortController();
    abort.current = controller;
    setState({ kind: "running", format: format.toUpperCase(), rows: 0, bytes: 0, total });
    try {
      const res = await fetch(`/api/v1/decisions/export?${new URLSearchParams({ ...filters, format })}`, { signal: controller.signal });
      if (!res.ok || !res.body) {
        const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
        throw new Error(body?.error?.message ?? `HTTP ${res.status}`);
      }
      const expected = Number(res.headers.get("x-total-count") ?? total);
      const file = /filename="([^"]+)"/.exec(res.headers.get("content-disposition") ?? "")?.[1] ?? `pauta-decisions.${format}`;
      const reader = res.body.getReader();
      const chunks: Uint8Array<ArrayBuffer>[] = [];
      let bytes = 0;
      let lines = 0;
      let lastPaint = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        bytes += value.byteLength;
        // One decision per line (CSV quotes never hold a raw LF here: values are ids, names and hashes; a
        // quoted LF would only make the bar run slightly ahead).
        for (let i = 0; i < value.length; i++) if (value[i] === 10) lines++;
        const now = performance.now();
        if (now - lastPaint > 100) {
          lastPaint = now;
          setState({ kind: "running", format: format.toUpperCase(), rows: Math.max(0, format === "csv" ? lines - 1 : lines), bytes, total: expected });
        }
      }
      const rows = Math.max(0, format === "csv" ? lines - 1 : lines);
      const url = URL.createObjectURL(new Blob(chunks, { type: res.headers.get("content-type") ?? "text/plain" }));
      const a = document.createElement("a");
      a.href = url;
      a.download = file;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setState({ kind: "done", rows, file });
    } catch (e) {
      if (controller.signal.aborted) setState({ kind: "cancelled" });
      else setState({ kind: "failed", message: e instanceof Error ? e.message : String(e) });
    } finally {
      abort.current = null;
    }
  }

  const running = state.kind === "running";
  return (
    <section className="card card-pad export-panel" aria-labelledby="export-title">
      <h2 id="export-title" className="card-title">
        {ts.exportTitle}
      </h2>
      <div className="filter-actions">
        <button type="button" className="btn" onClick={() => run("csv")} disabled={running}>
          {ts.exportCsv}
        </button>
        <button type="button" className="btn" onClick={() => run("jsonl")} disabled={running}>
          {ts.exportJsonl}
        </button>
        {running && (
          <button type="button" className="btn btn-ghost" onClick={() => abort.current?.abort()}>
            {ts.cancel}
          </button>
        )}
      </div>
      {running && (
        <div className="export-progress">
          <p id="export-progress-label">{fmt(ts.exporting, { format: state.format })}</p>
          <progress aria-labelledby="export-progress-label" max={Math.max(state.total, 1)} value={Math.min(state.rows, state.total)} />
          <p className="muted tabular" aria-live="polite">
            {fmt(ts.progress, { done: state.rows.toLocaleString(), total: state.total.toLocaleString(), size: size(state.bytes) })}
          </p>
        </div>
      )}
      <p role="status" className="muted">
        {state.kind === "done" && fmt(ts.done, { n: state.rows.toLocaleString(), file: state.file })}
        {state.kind === "cancelled" && ts.cancelled}
      </p>
      {state.kind === "failed" && (
        <p className="inline-alert" role="alert">
          {ts.exportFailed}: {state.message}
        </p>
      )}
    </section>
  );
}
