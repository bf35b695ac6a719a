// "Importar reglas": a pasted list of rules becomes the canvas. Accepts a plain json-rules-engine
// rules array (as `new Engine(rules)` takes it), Pauta routing rules, or a whole playbook file (its
// `rules` and `trigger`). Pure: parsing and conversion only; the store applies it as one undo step.
import { z } from "zod";
import { rulesToFlow } from "@/engine/flow";
import { JsonRule, RoutingRule, Trigger, type FlowGraph } from "@/schemas";

const RuleList = z.array(z.union([RoutingRule, JsonRule])).min(1, "the list has no rules");
const PlaybookLike = z.object({ rules: RuleList, trigger: Trigger.optional() });

export type RulesImport =
  | { ok: true; graph: FlowGraph; rules: number; warnings: string[] }
  | { ok: false; reason: "json"; message: string }
  | { ok: false; reason: "shape"; issues: { path: string; message: string }[] };

export function importRulesText(text: string): RulesImport {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, reason: "json", message: (e as Error).message };
  }
  const parsed = Array.isArray(raw) ? RuleList.safeParse(raw) : PlaybookLike.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 8).map((i) => ({ path: i.path.map(String).join(".") || "(root)", message: i.message }));
    return { ok: false, reason: "shape", issues };
  }
  const { rules, trigger } = Array.isArray(parsed.data) ? { rules: parsed.data, trigger: undefined } : parsed.data;
  const { graph, warnings } = rulesToFlow({ rules, trigger });
  return { ok: true, graph, rules: rules.length, warnings };
}
