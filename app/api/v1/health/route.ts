import { sql } from "drizzle-orm";
import { json, route } from "../_lib/handler";

export const dynamic = "force-dynamic";

/** Liveness and database reachability; no authentication. */
export const GET = route({ permission: null }, ({ ctx }) => {
  ctx.db.get(sql`select 1`);
  return json({ status: "ok", time: new Date().toISOString() });
});
