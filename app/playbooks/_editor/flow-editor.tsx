"use client";
// The canvas editor: palette, canvas, inspector, checklist, toolbar, autosave and "Try it".
// `<FlowEditor playbookId doc revision />` edits the shared draft; `<FlowEditor readOnly overlay />`
// shows a document (e.g. a published version) with a run overlay and no editing; `<FlowEditor readOnly diff />`
// one side of a version comparison.
import { useCallback, useEffect, useRef, useState } from "react";
import { ReactFlowProvider, useReactFlow } from "@xyflow/react";
import { useQuery } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { validateFlow } from "@/engine/flow";
import { fmt } from "@/app/_i18n";
import { useI18n } from "@/app/_i18n/client";
import { useCan } from "@/app/_server/auth/session-client";
import { useTRPC, useTRPCClient } from "@/app/_trpc/client";
import type { FlowDocument, FlowIssue, FlowOverlay } from "@/schemas";
import { conflictMessage, useAutosave } from "./autosave";
import { FIT_VIEW, FlowCanvas } from "./canvas";
import { Checklist } from "./checklist";
import { CommitDialog, type CommitMode } from "./commit-dialog";
import { ImportRulesDialog } from "./import-dialog";
import { Inspector } from "./inspector";
import { editorText, type EditorMessages } from "./messages";
import { Palette } from "./palette";
import { ShortcutsDialog, useEditorShortcuts } from "./shortcuts";
import { EditorStoreProvider, useEditor, useEditorStoreApi, type DiffMarks, type Notice } from "./store";
import { Toolbar } from "./toolbar";
import dynamic from "next/dynamic";
import "@xyflow/react/dist/style.css";
import "./editor.css";

export interface FlowEditorProps {
  playbookId: string;
  doc: FlowDocument;
  /** the draft revision the document is at (saves carry it) */
  revision?: number;
  updatedAt?: string | null;
  /** no editing, no autosave: a version shown on the canvas */
  readOnly?: boolean;
  /** a run overlay to draw from the start (read-only "show on canvas") */
  overlay?: FlowOverlay | null;
  /** read-only: this side of a version comparison (nodes and edges marked added, removed or changed) */
  diff?: DiffMarks | null;
  /** the server's validation of `doc`, when it has it (saves the first run in the browser) */
  issues?: FlowIssue[];
  /** a line above the canvas (e.g. which decision the overlay shows) */
  caption?: React.ReactNode;
}

/** Loaded when "Probar" is first opened. */
const TryPanel = dynamic(() => import("./try/try-panel").then((m) => m.TryPanel), { ssr: false });
/** Loaded when "Backtest" is first opened; it tries the saved draft. */
const BacktestPanel = dynamic(() => import("../_backtest/backtest-panel").then((m) => m.BacktestPanel), { ssr: false });
const DRAFT = { draft: true } as const;

/** Validation runs after edits settle; small graphs right away, big ones after a short pause. */
const BIG_GRAPH = 120;
const VALIDATE_DELAY = (nodes: number) => (nodes > BIG_GRAPH ? 250 : 30);
const TOAST_MS = 4500;

export function FlowEditor(props: FlowEditorProps) {
  return (
    <EditorStoreProvider init={{ playbookId: props.playbookId, doc: props.doc, revision: props.revision ?? 0, updatedAt: props.updatedAt, readOnly: props.readOnly, overlay: props.overlay, diff: props.diff, issues: props.issues }}>
      <ReactFlowProvider>
        <EditorShell caption={props.caption} />
      </ReactFlowProvider>
    </EditorStoreProvider>
  );
}

function noticeText(n: Notice, m: EditorMessages): { text: string; tone: "info" | "error" } {
  switch (n.kind) {
    case "second_trigger":
      return { text: m.toast.secondTrigger, tone: "error" };
    case "refused":
      return { text: fmt(m.toast.refused, { reason: m.toast.connect[n.code] }), tone: "error" };
    case "copied":
      return { text: fmt(m.toast.copied, { n: n.n }), tone: "info" };
    case "pasted":
      return { text: fmt(m.toast.pasted, { n: n.n }), tone: "info" };
    case "nothing_to_paste":
      return { text: m.toast.nothingToPaste, tone: "info" };
    case "read_only":
      return { text: m.toast.readOnly, tone: "info" };
    case "text":
      return { text: n.text, tone: n.tone };
  }
}

function Toast({ m }: { m: EditorMessages }) {
  const notice = useEditor((s) => s.notice);
  const [hidden, setHidden] = useState<number | null>(null);
  useEffect(() => {
    if (!notice) return;
    const t = setTimeout(() => setHidden(notice.id), TOAST_MS);
    return () => clearTimeout(t);
  }, [notice]);
  const shown = notice && hidden !== notice.id ? noticeText(notice, m) : null;
  return (
    <div className="fe-toast-region" role="status" aria-live="polite">
      {shown && notice && (
        <div className={`fe-toast is-${shown.tone}`} data-testid="editor-toast">
          <span>{shown.text}</span>
          <button type="button" className="btn btn-ghost fe-toast-close" onClick={() => setHidden(notice.id)} aria-label={m.toast.dismiss}>
            ×
          </button>
        </div>
      )}
    </div>
  );
}

function StaleBanner({ m, onReload }: { m: EditorMessages; onReload: () => void }) {
  const save = useEditor((s) => s.save);
  if (save.status !== "conflict") return null;
  return (
    <div className="fe-stale" data-testid="stale-banner" role="alert">
      <div>
        <strong>{m.save.staleTitle}</strong> {save.message && <span className="fe-stale-msg">{save.message}</span>}
        <p className="fe-help">{m.save.staleHelp}</p>
      </div>
      <button type="button" className="btn btn-primary" onClick={onReload}>
        {m.save.reload}
      </button>
    </div>
  );
}

/** A comparison's side shows the inspector only for a selected node (the playbook's details would repeat on both sides). */
function SelectionInspector() {
  const selected = useEditor((s) => s.selectedNodes.size > 0);
  return selected ? <Inspector /> : null;
}

function EditorShell({ caption }: { caption?: React.ReactNode }) {
  const { locale } = useI18n();
  const m = editorText(locale);
  const store = useEditorStoreApi();
  const rf = useReactFlow();
  const client = useTRPCClient();
  const readOnly = useEditor((s) => s.readOnly);
  const hasDiff = useEditor((s) => s.diff !== null);
  const doc = useEditor((s) => s.doc);
  const playbookId = useEditor((s) => s.playbookId);
  const trpc = useTRPC();
  const canEditRights = useCan("playbooks.import");
  const canPublish = useCan("playbooks.publish") && canEditRights;
  const canRequest = useCan("playbooks.request_approval") && canEditRights;
  // ladder steps need an SLA clock and crisis overrides an incident: a single case cannot show them
  const canTry = useCan("simulate.run") && !readOnly && doc.kind === "routing";
  const [helpOpen, setHelpOpen] = useState(false);
  const [tryOpen, setTryOpen] = useState(false);
  const [backtestOpen, setBacktestOpen] = useState(false);
  const [importOpen, setImportOpen] = useState(false);
  const [commitMode, setCommitMode] = useState<CommitMode | null>(null);
  const { saveNow, reload } = useAutosave(store, locale, !readOnly);
  const settings = useQuery({ ...trpc.settings.get.queryOptions(), enabled: !readOnly && canEditRights });
  const requireApproval = settings.data?.requireApproval ?? false;
  // With approval required the draft goes to a second person instead of going live; without the
  // right to publish, a strategist makes a version (and may ask for its approval). The last is primary.
  const commitModes: CommitMode[] = readOnly || !canEditRights ? [] : canPublish ? [requireApproval && canRequest ? "request" : "publish"] : ["commit", ...(canRequest ? (["request"] as const) : [])];

  // Validation on every change: debounced, and for big graphs in idle time (it takes ~100 ms at 300 nodes).
  useEffect(() => {
    if (store.getState().issuesFor === doc) return;
    let idle: number | null = null;
    const run = () => store.getState().setIssues(doc, validateFlow(doc));
    const t = setTimeout(() => {
      if (doc.graph.nodes.length > BIG_GRAPH && typeof window.requestIdleCallback === "function") idle = window.requestIdleCallback(run, { timeout: 1000 });
      else run();
    }, VALIDATE_DELAY(doc.graph.nodes.length));
    return () => {
      clearTimeout(t);
      if (idle !== null) window.cancelIdleCallback(idle);
    };
  }, [doc, store]);

  const fit = useCallback(() => void rf.fitView({ ...FIT_VIEW, duration: 200 }), [rf]);

  const onOverlay = useCallback((o: FlowOverlay | null) => store.getState().setOverlay(o), [store]);
  const toggleTry = useCallback(() => {
    setTryOpen((open) => {
      if (open) store.getState().setOverlay(null);
      return !open;
    });
  }, [store]);

  /** Save, then turn the draft into a version as `mode` says; a stale draft closes the dialog and shows the banner. */
  const commit = useCallback(
    async (mode: CommitMode, comment: string) => {
      if (!(await saveNow())) {
        const save = store.getState().save;
        if (save.status === "conflict") return setCommitMode(null);
        throw new Error(fmt(m.commit.saveFailed, { message: save.message ?? m.save.error }));
      }
      const s = store.getState();
      const input = { id: s.playbookId, revision: s.save.revision, comment };
      try {
        const res = mode === "publish" ? await client.playbooks.publishDraft.mutate(input) : await client.playbooks.commitDraft.mutate({ ...input, requestApproval: mode === "request" });
        store.getState().setSave({ revision: res.draft.revision });
        const text =
          mode === "publish"
            ? res.published
              ? m.toolbar.published
              : m.toolbar.alreadyPublished
            : mode === "request"
              ? res.created
                ? m.toolbar.requested
                : m.toolbar.requestedExisting
              : res.created
                ? m.toolbar.created
                : m.toolbar.unchanged;
        store.getState().notify({ kind: "text", tone: "info", text: fmt(text, { n: res.version }) });
        setCommitMode(null);
      } catch (e) {
        // Someone saved the draft meanwhile (data.current says who): the stale banner takes over.
        if (e instanceof TRPCClientError && (e.data as { current?: unknown } | undefined)?.current) {
          store.getState().setSave({ status: "conflict", message: conflictMessage(e, locale) });
          return setCommitMode(null);
        }
        throw e;
      }
    },
    [client, m, locale, saveNow, store],
  );

  // data-ready is written on the element directly: re-rendering the whole editor for it would cost
  // a full pass over 300 nodes right when the canvas becomes usable.
  const rootRef = useRef<HTMLDivElement>(null);
  const onReady = useCallback((r: boolean) => {
    if (rootRef.current) rootRef.current.dataset.ready = r ? "true" : "false";
  }, []);
  const helpReturn = useRef<HTMLElement | null>(null);
  const openHelp = () => {
    helpReturn.current = document.activeElement as HTMLElement | null;
    setHelpOpen(true);
  };
  const closeHelp = () => {
    setHelpOpen(false);
    helpReturn.current?.focus?.();
  };
  useEditorShortcuts(store, { saveNow: () => void saveNow(), fit, openHelp });

  return (
    <div className={`fe${readOnly ? " is-readonly" : ""}${hasDiff ? " has-diff" : ""}${tryOpen ? " is-trying" : ""}`} data-testid="flow-editor" data-ready="false" ref={rootRef}>
      <Toolbar
        onFit={fit}
        onSave={() => void saveNow()}
        commitModes={commitModes}
        onCommit={setCommitMode}
        committing={commitMode !== null}
        tryOpen={tryOpen}
        onToggleTry={toggleTry}
        canTry={canTry}
        onShortcuts={openHelp}
        onImportRules={() => setImportOpen(true)}
        backtestOpen={backtestOpen}
        onToggleBacktest={readOnly ? undefined : () => setBacktestOpen((o) => !o)}
      />
      <StaleBanner m={m} onReload={() => void reload()} />
      {caption && <div className="fe-caption">{caption}</div>}
      <div className="fe-body">
        {!readOnly && <Palette />}
        <div className="fe-canvas">
          <FlowCanvas onReady={onReady} />
          <Toast m={m} />
        </div>
        <div className="fe-side">
          {tryOpen && canTry && <TryPanel playbookId={playbookId} doc={doc} onOverlay={onOverlay} locale={locale} />}
          {backtestOpen && !readOnly && <BacktestPanel playbookId={playbookId} source={DRAFT} beforeStart={saveNow} />}
          {hasDiff ? <SelectionInspector /> : <Inspector />}
          {!readOnly && <Checklist />}
        </div>
      </div>
      <ShortcutsDialog open={helpOpen} onClose={closeHelp} />
      {!readOnly && <ImportRulesDialog open={importOpen} onClose={() => setImportOpen(false)} />}
      {commitModes.length > 0 && <CommitDialog mode={commitMode} requireApproval={requireApproval} onClose={() => setCommitMode(null)} onSubmit={commit} />}
    </div>
  );
}
