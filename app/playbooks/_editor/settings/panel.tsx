"use client";
// The frame of every settings panel: read-only disables every control at once.
import type { ReactNode } from "react";

export function Panel({ readOnly, children, kind }: { readOnly: boolean; children: ReactNode; kind: string }) {
  return (
    <fieldset className="insp-panel" disabled={readOnly} data-settings={kind}>
      {children}
    </fieldset>
  );
}
