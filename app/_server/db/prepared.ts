import { sql, type Placeholder } from "drizzle-orm";
import type { Exec } from "./tx";

// drizzle gives a database and every transaction opened on it one session, which owns the
// connection: a statement prepared through any of them runs on that connection, inside whatever
// transaction is open on it. Keyed weakly, so a closed test database takes its statements along.
const byConnection = new WeakMap<object, Map<(db: Exec) => unknown, unknown>>();

/**
 * What `build` prepares, built once per connection. Intake runs the same few statements for every
 * case; building each one's SQL and preparing it again on every call was about half of its time.
 * `build` must be a module-level function (it is the cache key) and only prepare statements.
 */
export function prepared<T>(db: Exec, build: (db: Exec) => T): T {
  const session = (db as unknown as { session: object }).session;
  let statements = byConnection.get(session);
  if (!statements) byConnection.set(session, (statements = new Map()));
  if (!statements.has(build)) statements.set(build, build(db));
  return statements.get(build) as T;
}

/** `{ column: sql.placeholder("column") }` for each column: the values of a prepared insert, run with a row of those keys. */
export function placeholders<const K extends string>(columns: readonly K[]): Record<K, Placeholder<K>> {
  return Object.fromEntries(columns.map((c) => [c, sql.placeholder(c)])) as Record<K, Placeholder<K>>;
}
