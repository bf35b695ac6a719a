"use client";
// What the last lifecycle action did, announced politely; the page's server data reloads after it.
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import type { PublishSchedule } from "@/schemas/lifecycle";

export type Announce = (text: string, tone?: "ok" | "error") => void;
type Status = { text: string; tone: "ok" | "error"; id: number };

/** The status to show, and `announce`: show a sentence and reload the page's data (router.refresh). */
export function useAnnouncer(): [Status | null, Announce] {
  const router = useRouter();
  const [status, setStatus] = useState<Status | null>(null);
  const seq = useRef(0);
  const announce = useCallback<Announce>(
    (text, tone = "ok") => {
      setStatus({ text, tone, id: ++seq.current });
      if (tone === "ok") router.refresh();
    },
    [router],
  );
  return [status, announce];
}

/** Always in the page (a live region announces only what changes inside it after it exists). */
export function StatusRegion({ status }: { status: Status | null }) {
  return (
    <div className="lc-status" role="status" aria-live="polite" data-testid="lifecycle-status">
      {status && (
        <p key={status.id} className={status.tone === "error" ? "is-error" : undefined}>
          {status.text}
        </p>
      )}
    </div>
  );
}

/** A window that flips while the page is open (a start, or an end) reloads the page's data when it is due. */
const SOON_MS = 24 * 60 * 60 * 1000;
const GRACE_MS = 1500;
/** How long after a due time the page keeps reloading while the scheduler has not caught up. */
const PATIENCE_MS = 60_000;

export function useRefreshWhenDue(schedules: readonly PublishSchedule[]): void {
  const router = useRouter();
  // Bumped after each reload, so a scheduler that has not caught up yet is asked again.
  const [tries, setTries] = useState(0);
  const due = schedules
    .map((s) => (s.status === "scheduled" ? s.startAt : s.status === "active" ? s.endAt : null))
    .filter((x): x is string => !!x)
    .map((x) => Date.parse(x))
    .sort((a, b) => a - b)[0];
  useEffect(() => {
    if (due === undefined) return;
    const wait = due - Date.now();
    if (wait > SOON_MS || wait < -PATIENCE_MS) return;
    const t = setTimeout(() => {
      router.refresh();
      setTries((n) => n + 1);
    }, Math.max(wait, 0) + GRACE_MS);
    return () => clearTimeout(t);
  }, [due, tries, router]);
}
