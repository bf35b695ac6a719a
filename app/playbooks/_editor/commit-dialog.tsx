"use client";
// The toolbar's "Publicar" / "Crear versión" / "Solicitar aprobación": the draft becomes a version,
// with the comment that says why (required). Built from the lifecycle dialogs' pieces.
import { useState } from "react";
import { useI18n } from "@/app/_i18n/client";
import { commentError, DialogForm, DialogHost, focusFirstInvalid, serverErrors, TextAreaField, type FormErrors } from "../_versions/dialog";
import { versionText } from "../_versions/messages";
import { editorText } from "./messages";

export type CommitMode = "publish" | "commit" | "request";

export function CommitDialog({
  mode,
  requireApproval,
  onClose,
  onSubmit,
}: {
  mode: CommitMode | null;
  requireApproval: boolean;
  onClose: () => void;
  /** turns the draft into a version; throws what the dialog should show */
  onSubmit: (mode: CommitMode, comment: string) => Promise<void>;
}) {
  return (
    <DialogHost open={mode !== null} onClose={onClose}>
      {mode && <CommitForm mode={mode} requireApproval={requireApproval} onClose={onClose} onSubmit={onSubmit} />}
    </DialogHost>
  );
}

function CommitForm({ mode, requireApproval, onClose, onSubmit }: { mode: CommitMode; requireApproval: boolean; onClose: () => void; onSubmit: (mode: CommitMode, comment: string) => Promise<void> }) {
  const { locale } = useI18n();
  const m = editorText(locale);
  const vm = versionText(locale);
  const [comment, setComment] = useState("");
  const [errors, setErrors] = useState<FormErrors>({});
  const [busy, setBusy] = useState(false);
  const title = { publish: m.commit.publishTitle, commit: m.commit.commitTitle, request: m.commit.requestTitle }[mode];
  const intro = { publish: m.commit.publishIntro, commit: m.commit.commitIntro, request: m.commit.requestIntro }[mode];
  const submitLabel = { publish: m.toolbar.publish, commit: m.toolbar.commit, request: m.toolbar.request }[mode];

  const submit = async () => {
    const c = commentError(comment, vm);
    if (c) {
      setErrors({ comment: c });
      focusFirstInvalid();
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await onSubmit(mode, comment.trim());
    } catch (e) {
      setErrors(serverErrors(e, ["comment"], vm));
      focusFirstInvalid();
    } finally {
      setBusy(false);
    }
  };

  return (
    <DialogForm
      m={vm}
      title={title}
      intro={
        <>
          <p>{intro}</p>
          {requireApproval && mode !== "commit" && <p>{m.commit.approvalOn}</p>}
        </>
      }
      errors={errors}
      busy={busy}
      submitLabel={submitLabel}
      onSubmit={() => void submit()}
      onClose={onClose}
    >
      <TextAreaField label={mode === "publish" ? m.commit.publishComment : m.commit.comment} hint={m.commit.hint} value={comment} onChange={setComment} error={errors.comment} required m={vm} autoFocus />
    </DialogForm>
  );
}
