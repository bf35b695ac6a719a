import { headers } from "next/headers";
import { cache } from "react";
import { createCaller } from "./root";
import { createTRPCContext } from "./init";

/** A caller for server components: one per request, no HTTP round trip, as the signed-in user. */
export const serverApi = cache(() =>
  createCaller(async () => {
    const h = await headers();
    // Server components read; they never mutate, so only the session cookie matters here.
    return createTRPCContext({ headers: new Headers({ cookie: h.get("cookie") ?? "" }) });
  }),
);
