import { DecisionSearchFilters } from "@/schemas";
import { HttpError } from "./handler";

const FILTERS = Object.keys(DecisionSearchFilters.shape);

/**
 * The decision search filters of a query string, as the service's input. Unknown or repeated
 * parameters are refused with the parameter named, so a typo (rules=, queue=a&queue=b) is never
 * silently a wider search. `extra` names route parameters that are not filters (e.g. format).
 */
export function searchInput(query: URLSearchParams, extra: string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  const issues: { path: string; message: string }[] = [];
  for (const key of new Set(query.keys())) {
    if (extra.includes(key)) continue;
    if (!FILTERS.includes(key)) issues.push({ path: key, message: `unknown parameter; the filters are ${FILTERS.join(", ")}` });
    else if (query.getAll(key).length > 1) issues.push({ path: key, message: "give this filter once" });
    else out[key] = query.get(key) ?? "";
  }
  if (issues.length) throw new HttpError(422, "invalid_request", "invalid decision search", issues);
  return out;
}
