"use client";
// Placeholder until the tone form editor lands (same export and props); the edit page already renders it.
import type { PlaybookDocumentView } from "@/schemas";

export function ToneEditor({ playbookId, initial }: { playbookId: string; initial: PlaybookDocumentView }) {
  return <pre data-testid="form-document" data-playbook={playbookId}>{JSON.stringify(initial.document, null, 2)}</pre>;
}
