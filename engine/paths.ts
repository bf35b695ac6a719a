// `path` resolution with jsonpath-plus's answers (json-rules-engine's default resolver,
// `JSONPath({ path, json, wrap: false })`) for the common subset, precompiled to property steps.
import { JSONPath } from "jsonpath-plus";

export type PathResolver = (value: object) => unknown;

// Subset compiled to steps: `$`, `.name`, `[0]`, `['any text']` / `["any text"]` (see FACTS.md).
const SEGMENT = /^(?:\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\['([^'\]~^,*@`$.:()?"]*)'\]|\["([^'\]~^,*@`$.:()?"]*)"\])/;

export function compileSteps(path: string): string[] | undefined {
  let rest: string;
  if (path.startsWith("$")) rest = path.slice(1);
  else return undefined;
  const steps: string[] = [];
  while (rest.length > 0) {
    const m = SEGMENT.exec(rest);
    if (!m) return undefined;
    const step = m[1] ?? m[2] ?? m[3] ?? m[4]!;
    if (step === "") return undefined;
    steps.push(step);
    rest = rest.slice(m[0].length);
  }
  return steps;
}

/**
 * Compile a path. jsonpath-plus follows a step only when the current value is truthy and has the
 * step as an own property (strings included: `$.name.length`), and answers undefined otherwise.
 * Anything outside the subset falls back to jsonpath-plus itself (correct, slower).
 */
export function compilePath(path: string): PathResolver {
  const steps = compileSteps(path);
  if (!steps) return (value) => JSONPath({ path, json: value as any, wrap: false });
  if (steps.length === 0) return (value) => value;
  if (steps.length === 1) {
    const a = steps[0]!;
    return (v: any) => (Object.hasOwn(v, a) ? v[a] : undefined);
  }
  return (value) => {
    let v: any = value;
    for (let i = 0; i < steps.length; i++) {
      if (!v || !Object.hasOwn(v, steps[i]!)) return undefined;
      v = v[steps[i]!];
    }
    return v;
  };
}
