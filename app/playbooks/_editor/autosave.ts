"use client";
// Autosave of the shared draft: ~1.5 s after the last edit, carrying the revision the edit started
// from. A stale save (CONFLICT) stops autosaving and keeps the local copy on screen until the user
// reloads; "save now" (Mod+S, the Save button) skips the wait. Leaving with unsaved edits asks first.
import { useCallback, useEffect, useRef } from "react";
import { TRPCClientError } from "@trpc/client";
import { useTRPCClient } from "@/app/_trpc/client";
import type { FlowDocument } from "@/schemas";
import { fmt, formatDateTime } from "@/app/_i18n";
import { editorText } from "./messages";
import type { EditorStore } from "./store";

export const AUTOSAVE_DELAY_MS = 1500;

export function errorCode(e: unknown): string | undefined {
  return e instanceof TRPCClientError ? (e.data as { code?: string } | undefined)?.code : undefined;
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** A stale save or publish in the reader's language: who saved when (the server's data), else its message. */
export function conflictMessage(e: unknown, locale: "es" | "en"): string {
  const current = e instanceof TRPCClientError ? (e.data as { current?: { updatedBy?: string; updatedAt?: string; revision?: number } } | undefined)?.current : undefined;
  if (!current?.updatedBy || !current.updatedAt) return errorMessage(e);
  const time = formatDateTime(current.updatedAt, locale, { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
  return fmt(editorText(locale).save.savedBy, { who: current.updatedBy, time, revision: current.revision ?? "?" });
}

export function useAutosave(store: EditorStore, locale: "es" | "en", enabled: boolean) {
  const client = useTRPCClient();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const inFlight = useRef<Promise<boolean> | null>(null);

  const saveNow = useCallback(async (): Promise<boolean> => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    // One save at a time: a save asked for during another runs after it (with the newer revision).
    while (inFlight.current) await inFlight.current;
    const s = store.getState();
    if (s.readOnly || s.save.status === "conflict") return false;
    const doc: FlowDocument = s.doc;
    if (doc === s.save.savedDoc) {
      if (s.save.status !== "saved") s.setSave({ status: "saved", message: null });
      return true;
    }
    s.setSave({ status: "saving", message: null });
    const run = (async () => {
      try {
        const res = await client.playbooks.saveDraft.mutate({ id: s.playbookId, baseRevision: s.save.revision, document: doc });
        const now = store.getState();
        now.setSave({ revision: res.revision, savedDoc: doc, updatedAt: res.updatedAt, message: null, status: now.doc === doc ? "saved" : "dirty" });
        return true;
      } catch (e) {
        if (errorCode(e) === "CONFLICT") store.getState().setSave({ status: "conflict", message: conflictMessage(e, locale) });
        else store.getState().setSave({ status: "error", message: errorMessage(e) });
        return false;
      }
    })();
    inFlight.current = run;
    try {
      return await run;
    } finally {
      inFlight.current = null;
    }
  }, [client, store, locale]);

  // Schedule a save after each edit (the timer restarts while edits keep coming).
  useEffect(() => {
    if (!enabled) return;
    return store.subscribe((s, prev) => {
      if (s.doc === prev.doc && s.save.status === prev.save.status) return;
      if (s.save.status !== "dirty") return;
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void saveNow(), AUTOSAVE_DELAY_MS);
    });
  }, [enabled, store, saveNow]);

  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  // Warn before leaving with edits the server does not have.
  useEffect(() => {
    if (!enabled) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      const st = store.getState().save.status;
      if (st === "saved") return;
      e.preventDefault();
      e.returnValue = editorText(locale).save.leave;
    };
    // In-app links (client-side navigation) do not fire beforeunload: ask on their click instead.
    const onClick = (e: MouseEvent) => {
      const a = (e.target as HTMLElement | null)?.closest?.("a[href]");
      if (!a || e.defaultPrevented || a.getAttribute("target") === "_blank" || store.getState().save.status === "saved") return;
      if (!window.confirm(editorText(locale).save.leave)) {
        e.preventDefault();
        e.stopPropagation();
      }
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    document.addEventListener("click", onClick, true);
    return () => {
      window.removeEventListener("beforeunload", onBeforeUnload);
      document.removeEventListener("click", onClick, true);
    };
  }, [enabled, store, locale]);

  /** After a conflict: take the server's draft (the local edits are dropped). */
  const reload = useCallback(async (): Promise<void> => {
    const s = store.getState();
    try {
      const draft = await client.playbooks.draft.query({ id: s.playbookId });
      store.getState().replaceDocument(draft.document, draft.revision, draft.updatedAt);
    } catch (e) {
      store.getState().notify({ kind: "text", tone: "error", text: errorMessage(e) });
    }
  }, [client, store]);

  return { saveNow, reload };
}
