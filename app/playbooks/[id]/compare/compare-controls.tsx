"use client";
// The comparison page's interactive parts: the version pickers (they change the URL, so a
// comparison can be shared) and the audit record that a person reviewed this pair.
import { useMutation } from "@tanstack/react-query";
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { fmt } from "@/app/_i18n";
import { useI18n } from "@/app/_i18n/client";
import { useTRPC } from "@/app/_trpc/client";
import { compareMessages } from "./messages";

export interface VersionOption {
  version: number;
  label: string;
}

export function VersionPickers({ versions, from, to }: { versions: VersionOption[]; from: number; to: number }) {
  const { locale } = useI18n();
  const m = compareMessages[locale];
  const router = useRouter();
  const pathname = usePathname();
  const go = (f: number, t: number) => router.push(`${pathname}?from=${f}&to=${t}`);
  const options = versions.map((v) => (
    <option key={v.version} value={v.version}>
      {v.label}
    </option>
  ));
  // A plain GET form underneath: it works before the page's script has loaded.
  return (
    <form method="get" className="card card-pad filter-bar compare-pickers" aria-label={m.title}>
      <label>
        <span>{m.from}</span>
        <select name="from" value={from} onChange={(e) => go(Number(e.target.value), to)}>
          {options}
        </select>
      </label>
      <button type="button" className="btn btn-ghost" onClick={() => go(to, from)} aria-label={m.swap} title={m.swap}>
        ⇄
      </button>
      <label>
        <span>{m.to}</span>
        <select name="to" value={to} onChange={(e) => go(from, Number(e.target.value))}>
          {options}
        </select>
      </label>
      <noscript>
        <button type="submit" className="btn">
          {m.compare}
        </button>
      </noscript>
    </form>
  );
}

/** Records once per pair shown (the server also folds repeats within a quarter hour into one entry). */
export function RecordComparison({ playbookId, from, to }: { playbookId: string; from: number; to: number }) {
  const { locale } = useI18n();
  const m = compareMessages[locale];
  const trpc = useTRPC();
  const record = useMutation(trpc.versions.recordComparison.mutationOptions());
  const [done, setDone] = useState<string | null>(null);
  const sent = useRef<string | null>(null);
  const key = `${playbookId}:${from}:${to}`;
  const { mutate } = record;
  useEffect(() => {
    if (sent.current === key) return;
    sent.current = key;
    mutate({ id: playbookId, from, to }, { onSuccess: () => setDone(key) });
  }, [key, mutate, playbookId, from, to]);
  if (record.isError) {
    return (
      <p className="inline-alert" role="alert">
        {fmt(m.recordFailed, { message: record.error.message })}
      </p>
    );
  }
  return (
    <p className="sub compare-recorded" role="status" data-testid="comparison-recorded" data-recorded={done === key ? "true" : "false"}>
      {done === key ? m.recorded : ""}
    </p>
  );
}
