import { ExportFormat, type DecisionExportRow } from "@/schemas";
import { countDecisions, exportDecisionRows } from "@/app/_server/services/decisions";
import { HttpError, route } from "../../_lib/handler";
import { searchInput } from "../../_lib/search-query";

export const dynamic = "force-dynamic";

const CSV_COLUMNS = [
  "seq",
  "id",
  "decidedAt",
  "caseId",
  "externalId",
  "channel",
  "customerId",
  "queue",
  "priority",
  "tags",
  "firedRules",
  "playbooks",
  "matched",
  "partial",
  "hash",
] as const satisfies readonly (keyof DecisionExportRow)[];

/** RFC 4180: quote a field holding a comma, quote, CR or LF, doubling inner quotes. Lists are joined with spaces. */
function csvField(v: unknown): string {
  const s = v === null || v === undefined ? "" : Array.isArray(v) ? v.join(" ") : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

const csvLine = (fields: unknown[]) => `${fields.map(csvField).join(",")}\r\n`;

/**
 * The full result of a search (not a page) as CSV or JSONL, streamed in keyset batches so memory stays
 * constant on a million rows. X-Total-Count (counted before the first byte) drives the UI's progress bar.
 */
export const GET = route({ permission: "decisions.export" }, ({ ctx, query }) => {
  const format = ExportFormat.safeParse(query.get("format") ?? "csv");
  if (!format.success) throw new HttpError(422, "invalid_request", "invalid export format", [{ path: "format", message: "use format=csv or format=jsonl" }]);
  const input = searchInput(query, ["format"]);
  delete input.limit;
  const total = countDecisions(ctx, input);
  const batches = exportDecisionRows(ctx, input);
  const enc = new TextEncoder();
  let headerSent = false;
  const stream = new ReadableStream<Uint8Array>({
    // pull: the next batch is read from SQLite only when the client has taken the previous one.
    pull(controller) {
      let text = "";
      if (format.data === "csv" && !headerSent) text += csvLine([...CSV_COLUMNS]);
      headerSent = true;
      const next = batches.next();
      if (!next.done) {
        for (const row of next.value) text += format.data === "csv" ? csvLine(CSV_COLUMNS.map((c) => row[c])) : `${JSON.stringify(row)}\n`;
      }
      if (text) controller.enqueue(enc.encode(text));
      if (next.done) controller.close();
    },
    cancel() {
      batches.return(undefined);
    },
  });
  const stamp = new Date().toISOString().replaceAll(":", "").slice(0, 15);
  return new Response(stream, {
    headers: {
      "content-type": format.data === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
      "content-disposition": `attachment; filename="pauta-decisions-${stamp}.${format.data}"`,
      "cache-control": "no-store",
      "x-total-count": String(total),
      "access-control-expose-headers": "x-total-count",
    },
  });
});
