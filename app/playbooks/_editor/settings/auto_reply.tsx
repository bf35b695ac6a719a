"use client";
// Auto-reply: one template per language (es / en / pt) with placeholders the engine fills in.
import { useRef, useState } from "react";
import { Locale } from "@/schemas";
import type { SettingsProps } from "../store";
import { Field, IssueLines } from "./fields";
import { issuesAt, issuesUnder } from "./logic";
import { sm } from "./messages";
import { Panel } from "./panel";

export const REPLY_PLACEHOLDERS = ["{{customer.name}}", "{{customer.firstName}}", "{{channel}}", "{{attributes.X}}"] as const;

/** `text` with `insert` put at the selection [start, end); returns the text and the caret after it. */
export function insertAt(text: string, insert: string, start: number, end: number): { text: string; caret: number } {
  const s = Math.max(0, Math.min(start, text.length));
  const e = Math.max(s, Math.min(end, text.length));
  return { text: text.slice(0, s) + insert + text.slice(e), caret: s + insert.length };
}

export function AutoReplySettings({ node, update, issues, locale, readOnly }: SettingsProps<"auto_reply">) {
  const t = sm(locale);
  const templates = node.data.templates;
  const boxes = useRef<Partial<Record<Locale, HTMLTextAreaElement | null>>>({});
  const [target, setTarget] = useState<Locale>(locale);

  function setTemplate(l: Locale, text: string, mergeKey?: string) {
    const next = { ...templates };
    if (text === "") delete next[l];
    else next[l] = text;
    update({ ...node.data, templates: next }, mergeKey);
  }

  function insertPlaceholder(p: string) {
    const box = boxes.current[target];
    const current = templates[target] ?? "";
    const at = box ? { start: box.selectionStart, end: box.selectionEnd } : { start: current.length, end: current.length };
    const { text, caret } = insertAt(current, p, at.start, at.end);
    setTemplate(target, text);
    requestAnimationFrame(() => {
      const b = boxes.current[target];
      if (!b) return;
      b.focus();
      // {{attributes.X}}: select the X, to be typed over.
      if (p.endsWith(".X}}")) b.setSelectionRange(caret - 3, caret - 2);
      else b.setSelectionRange(caret, caret);
    });
  }

  return (
    <Panel readOnly={readOnly} kind="auto_reply">
      <p className="insp-label">{t.reply.templates}</p>
      <p className="insp-hint">{t.reply.hint}</p>
      <IssueLines issues={issuesAt(issues, "templates")} locale={locale} />
      {Locale.options.map((l) => (
        <Field key={l} label={t.reply.templateIn[l]} locale={locale} issues={issuesUnder(issues, `templates.${l}`)}>
          {(a) => (
            <textarea
              {...a}
              ref={(el) => {
                boxes.current[l] = el;
              }}
              lang={l}
              className="insp-input"
              rows={3}
              value={templates[l] ?? ""}
              onFocus={() => setTarget(l)}
              onChange={(e) => setTemplate(l, e.currentTarget.value, `${node.id}:templates.${l}`)}
            />
          )}
        </Field>
      ))}
      <div className="insp-placeholders" role="group" aria-label={t.reply.placeholders}>
        <span className="insp-label">{t.reply.placeholders}</span>
        <div className="insp-placeholder-list">
          {REPLY_PLACEHOLDERS.map((p) => (
            <button
              key={p}
              type="button"
              className="insp-chip-btn"
              aria-label={t.reply.insert.replace("{p}", p).replace("{l}", t.reply.locale[target])}
              onMouseDown={(e) => e.preventDefault() /* keep the template's caret */}
              onClick={() => insertPlaceholder(p)}
            >
              <code>{p}</code>
            </button>
          ))}
        </div>
        <p className="insp-hint">{t.reply.attributesHint}</p>
      </div>
    </Panel>
  );
}
