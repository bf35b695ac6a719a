import { VerifyRangeQuery } from "@/schemas";
import { ValidationError, zodIssues } from "@/app/_server/errors";
import { verifyChain, verifyChainRange } from "@/app/_server/services/chain";
import { json, route } from "../../_lib/handler";

export const dynamic = "force-dynamic";

/**
 * Without parameters: walk the whole chain. With fromSeq and/or limit: one chunk of a resumable walk
 * (answering nextSeq and prevHash for the next call), so a client can show progress.
 */
export const GET = route({ permission: "audit.verify" }, ({ ctx, query }) => {
  const chunked = ["fromSeq", "limit", "prevHash"].some((k) => query.has(k));
  if (!chunked) return json(verifyChain(ctx));
  const parsed = VerifyRangeQuery.safeParse(Object.fromEntries(query));
  if (!parsed.success) throw new ValidationError("invalid verification range", zodIssues(parsed.error));
  return json(verifyChainRange(ctx, parsed.data));
});
