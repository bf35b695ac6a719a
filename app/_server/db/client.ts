import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { env } from "../env";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema>;
/** What every service receives. */
export interface ServiceContext {
  db: Db;
}

const MIGRATIONS_DIR = path.resolve(process.cwd(), "drizzle");

/** Open a SQLite file with the pragmas Pauta relies on, and apply the committed migrations. */
export function openDb(file: string): { db: Db; sqlite: Database.Database } {
  // The busy timeout is set first: even switching to WAL can meet another starting process's lock.
  const sqlite = new Database(file, { timeout: 10_000 });
  // SQLite-only tuning lives here and nowhere else: WAL for concurrent readers, a busy timeout so
  // two processes wait for each other instead of failing, enforced foreign keys, and FULL sync so a
  // commit is on disk before the client hears 201 (acknowledged cases survive a power loss too).
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("synchronous = FULL");
  const db = drizzle(sqlite, { schema });
  migrateWithRetry(db);
  return { db, sqlite };
}

// drizzle reads the applied migrations outside its transaction, so two processes starting together
// can both try to apply the same one; the loser fails ("already exists") and simply re-reads.
function migrateWithRetry(db: Db): void {
  for (let attempt = 1; ; attempt++) {
    try {
      migrate(db, { migrationsFolder: MIGRATIONS_DIR });
      return;
    } catch (e) {
      if (attempt >= 5) throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100 * attempt);
    }
  }
}

// Next bundles instrumentation and each route separately; a global keeps one connection per process.
const g = globalThis as unknown as { __pautaDb?: { db: Db; sqlite: Database.Database } };

/** The process-wide database (opened and migrated on first use). */
export function getDb(): Db {
  g.__pautaDb ??= openDb(env().DATABASE_URL);
  return g.__pautaDb.db;
}
