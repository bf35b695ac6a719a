import { searchDecisions } from "@/app/_server/services/decisions";
import { json, route } from "../_lib/handler";
import { searchInput } from "../_lib/search-query";

export const dynamic = "force-dynamic";

/** Decision search (filters in DecisionSearchQuery) → newest first, with nextCursor. */
export const GET = route({ permission: "decisions.read" }, ({ ctx, query }) => json(searchDecisions(ctx, searchInput(query))));
