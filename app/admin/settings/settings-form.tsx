"use client";
import { useMutation } from "@tanstack/react-query";
import { useId, useState } from "react";
import { fmt } from "@/app/_i18n";
import { useI18n } from "@/app/_i18n/client";
import { useTRPC } from "@/app/_trpc/client";
import type { WorkspaceSettings } from "@/schemas/lifecycle";
import { settingsText } from "./messages";
import "./settings.css";

/** Each toggle moves at once and saves; the status line says when it is saved, and a refused save puts it back. */
export function SettingsForm({ initial }: { initial: WorkspaceSettings }) {
  const { locale } = useI18n();
  const m = settingsText(locale);
  const trpc = useTRPC();
  const [settings, setSettings] = useState(initial);
  const [saved, setSaved] = useState<string | null>(null);
  const id = useId();
  const update = useMutation(
    trpc.settings.update.mutationOptions({
      onSuccess: (s) => {
        setSettings(s);
        setSaved(s.requireApproval ? m.savedOn : m.savedOff);
      },
      onError: (_e, _input, previous) => previous && setSettings(previous),
      onMutate: () => settings,
    }),
  );

  return (
    <section className="card card-pad" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="card-title">
        {m.approvalTitle}
      </h2>
      <div className="settings-toggle">
        <input
          id={id}
          type="checkbox"
          role="switch"
          checked={settings.requireApproval}
          disabled={update.isPending}
          aria-describedby={`${id}-explain`}
          onChange={(e) => {
            const requireApproval = e.target.checked;
            setSaved(null);
            setSettings((s) => ({ ...s, requireApproval }));
            update.mutate({ requireApproval });
          }}
        />
        <label htmlFor={id}>{m.requireApproval}</label>
      </div>
      <ul id={`${id}-explain`} className="settings-explain">
        {m.explain.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <div className="settings-status" role="status" aria-live="polite">
        {update.isPending ? m.saving : saved}
      </div>
      {update.error && (
        <p className="form-error settings-status" role="alert">
          {fmt(m.failed, { message: update.error.message })}
        </p>
      )}
    </section>
  );
}
