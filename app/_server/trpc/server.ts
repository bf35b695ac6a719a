import { cache } from "react";
import { getDb } from "../db/client";
import { createInnerContext } from "./init";
import { createCaller } from "./root";

/** A caller for server components: one per request, no HTTP round trip. */
export const serverApi = cache(() => createCaller(createInnerContext({ db: getDb() })));
