import { API_SCOPES } from "../../../../schemas/resources";
import { index, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Bearer keys for machines. Only the SHA-256 of the key is stored; the prefix lets people tell keys apart. */
export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    prefix: text("prefix").notNull(),
    hash: text("hash").notNull().unique(),
    /** JSON array of "ingest" | "read" | "manage" */
    scopes: text("scopes", { mode: "json" }).$type<ApiScope[]>().notNull(),
    createdAt: text("created_at").notNull(),
    revokedAt: text("revoked_at"),
  },
  (t) => [index("api_keys_revoked_idx").on(t.revokedAt)],
);

export { API_SCOPES };
export type ApiScope = (typeof API_SCOPES)[number];
export const ALL_SCOPES: ApiScope[] = [...API_SCOPES];
