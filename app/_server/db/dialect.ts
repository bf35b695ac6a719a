// The few SQLite-specific expressions the services need, in one place: a PostgreSQL port replaces
// these (a serial column for insertion order; planner hints are simply dropped) and nothing else.
import { sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";

/** A rowid table's storage order (the order rows were written in); use with desc() for "newest first". */
export function insertionOrder(table: SQLiteTable): SQL {
  return sql`${table}.rowid`;
}

/** The column, hidden from the planner's index choice (SQLite's unary +): a filter that must not displace the index giving the order. */
export function withoutIndex(column: SQLiteColumn): SQL {
  return sql`+${column}`;
}
