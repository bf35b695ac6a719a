import { metricSeries, parseMetricRequest } from "@/app/_server/services/okr";
import { json, route } from "../../_lib/handler";

export const dynamic = "force-dynamic";

/** One metric of the catalogue per UTC day and over the whole range: `?from=&to=` (days, inclusive), `?channel`. */
export const GET = route<{ metric: string }>({ permission: "metrics.read" }, ({ ctx, params, query }) =>
  json(metricSeries(ctx.db, parseMetricRequest({ metric: params.metric, from: query.get("from"), to: query.get("to"), channel: query.get("channel") }))),
);
