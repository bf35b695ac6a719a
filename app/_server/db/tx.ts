import type Database from "better-sqlite3";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import type * as schema from "./schema";

/** A database or a transaction on it: what synchronous write helpers accept. */
export type Exec = BaseSQLiteDatabase<"sync", Database.RunResult, typeof schema>;
