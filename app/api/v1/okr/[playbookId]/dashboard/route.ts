import { okrDashboardQuery } from "@/app/_server/services/okr";
import { json, route } from "../../../_lib/handler";

export const dynamic = "force-dynamic";

/** An OKR set's key results with their series and progress, the publishes in the range and the lint; `?from=&to=` optional. */
export const GET = route<{ playbookId: string }>({ permission: "metrics.read" }, ({ ctx, params, query }) =>
  json(okrDashboardQuery(ctx, { playbookId: params.playbookId, from: query.get("from"), to: query.get("to") }, new Date())),
);
