import { listDecisions } from "@/app/_server/services/decisions";
import { json, route } from "../_lib/handler";

export const dynamic = "force-dynamic";

/** ?caseId=&playbook=&rule=&from=&to=&cursor=&limit= → newest first, with nextCursor. */
export const GET = route({ scope: "read" }, ({ ctx, query }) => {
  const keys = ["caseId", "playbook", "rule", "from", "to", "cursor", "limit"] as const;
  const input = Object.fromEntries(keys.flatMap((k) => (query.has(k) ? [[k, query.get(k)]] : [])));
  return json(listDecisions(ctx, input));
});
