"use client";
import { useEffect, useRef } from "react";

/** Shows a <dialog> modally while `open` (focus stays inside; Escape fires its onCancel); `onShow` runs each time it opens. */
export function useModal(ref: React.RefObject<HTMLDialogElement | null>, open: boolean, onShow?: () => void): void {
  const shown = useRef(onShow);
  shown.current = onShow;
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      shown.current?.();
      d.showModal();
    }
    if (!open && d.open) d.close();
  }, [open, ref]);
}
