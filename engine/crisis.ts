// Crisis detectors, pure: does a case count for a detector, and which level does a window count
// reach. Counting the window and raising incidents is the server's (app/_server/services/crisis.ts).
import type { ConditionTrace, CrisisDetector, Locale } from "@/schemas";
import { newRunCtx, type Facts } from "./conditions";
import type { CompiledPlaybook } from "./index";
import { compilePlaybookDoc, type CompiledPlaybookInternal } from "./routing";
import { normalizeText, tokenize } from "./text";

export interface DetectorMatch {
  detectorId: string;
  matched: boolean;
  /** why the case does not count (the first check that failed) */
  reason?: string;
  /** the playbook's trigger condition, when it was evaluated */
  trigger?: ConditionTrace;
  /** the detector's own condition, when it was evaluated */
  conditions?: ConditionTrace;
  /** the keyword the case mentions (as written in the playbook) */
  keyword?: string;
}

function internal(p: CompiledPlaybook): CompiledPlaybookInternal {
  return "routing" in p ? (p as CompiledPlaybookInternal) : compilePlaybookDoc(p.document, p.ref);
}

/** `needle` (tokens) appears in `hay` (tokens) consecutively, as whole words. */
function containsTokens(hay: readonly string[], needle: readonly string[]): boolean {
  if (needle.length === 0) return false;
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** The keyword lists that apply to a case's language: its own list, or every list when it has none. */
function keywordsFor(detector: CrisisDetector, language: unknown): readonly string[] | undefined {
  const lists = detector.keywords as Partial<Record<Locale, string[]>>;
  const langs = Object.keys(lists) as Locale[];
  if (langs.length === 0) return undefined;
  const own = typeof language === "string" ? lists[language as Locale] : undefined;
  return own ?? langs.flatMap((l) => lists[l] ?? []);
}

/**
 * Which of a crisis playbook's detectors count this case (FACTS.md, "Crisis detectors"): the
 * playbook's trigger (channels, condition), then the detector's condition, then its keywords for
 * the case's language, then `minFollowers` on `customer.followers`. One entry per detector.
 */
export function matchDetectors(playbook: CompiledPlaybook, facts: Facts): DetectorMatch[] {
  const p = internal(playbook);
  const pb = p.routing;
  if (!p.detectors || !pb) return [];
  const ctx = newRunCtx();
  const dctx = newRunCtx(); // the detectors' conditions have their own compiler, so their own memo
  // The trigger is the same for every detector: evaluated once.
  let triggerFail: string | undefined;
  let trigger: ConditionTrace | undefined;
  if (pb.channels && !pb.channels.has(facts.channel as string)) {
    triggerFail = `trigger: channel ${JSON.stringify(facts.channel ?? null)} is not one of ${[...pb.channels].join(", ")}`;
  } else if (pb.trigger) {
    const { result, trace } = pb.trigger.eval(facts, ctx);
    trigger = trace;
    if (ctx.error !== undefined) triggerFail = `trigger condition failed: ${ctx.error}`;
    else if (!result) triggerFail = "trigger condition is false";
  }
  let tokens: string[] | undefined;
  const textTokens = () =>
    (tokens ??= tokenize(typeof facts.normalizedText === "string" ? facts.normalizedText : normalizeText(`${facts.subject ?? ""} ${facts.text ?? ""}`)));

  return p.detectors.map(({ detector, condition }) => {
    const m: DetectorMatch = { detectorId: detector.id, matched: false };
    if (trigger) m.trigger = trigger;
    if (triggerFail !== undefined) return { ...m, reason: triggerFail };
    if (condition) {
      dctx.error = undefined;
      const { result, trace } = condition.eval(facts, dctx);
      m.conditions = trace;
      if (dctx.error !== undefined) return { ...m, reason: `detector condition failed: ${dctx.error}` };
      if (!result) return { ...m, reason: "detector condition is false" };
    }
    const words = keywordsFor(detector, facts.language);
    if (words) {
      const hay = textTokens();
      const hit = words.find((w) => containsTokens(hay, tokenize(w)));
      if (hit === undefined) return { ...m, reason: `mentions none of the keywords: ${words.join(", ")}` };
      m.keyword = hit;
    }
    if (detector.minFollowers !== undefined) {
      const f = (facts.customer as { followers?: unknown } | undefined)?.followers;
      if (typeof f !== "number" || f < detector.minFollowers) {
        return { ...m, reason: `the author has ${typeof f === "number" ? f : "no known"} followers, fewer than ${detector.minFollowers}` };
      }
    }
    m.matched = true;
    return m;
  });
}

/**
 * The highest level a window count reaches, with the count it needed: absolute thresholds are
 * counts; relative ones are multiples of `baseline` (the usual count per window at that hour),
 * never below `minCases`. Null when no level is reached.
 */
export function levelFor(detector: Pick<CrisisDetector, "mode" | "levels" | "minCases">, windowCount: number, baseline: number): { level: number; threshold: number } | null {
  let best: { level: number; threshold: number } | null = null;
  for (const l of detector.levels) {
    const threshold = detector.mode === "relative" ? Math.max(l.threshold * baseline, detector.minCases) : l.threshold;
    if (windowCount >= threshold && (!best || l.level > best.level)) best = { level: l.level, threshold };
  }
  return best;
}
