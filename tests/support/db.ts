// A fresh, migrated SQLite database in a temp dir, for service tests without HTTP.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type Database from "better-sqlite3";
import { openDb, type ServiceContext } from "@/app/_server/db/client";
import { ServiceError } from "@/app/_server/errors";

export function createTestContext(): ServiceContext & { sqlite: Database.Database; dbPath: string; dir: string; close(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), "pauta-unit-"));
  const dbPath = path.join(dir, "pauta.db");
  const { db, sqlite } = openDb(dbPath);
  return {
    db,
    sqlite,
    dbPath,
    dir,
    close() {
      sqlite.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The ServiceError `fn` throws (anything else, or nothing, fails the test). */
export function caught(fn: () => unknown): ServiceError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ServiceError) return e;
    throw e;
  }
  throw new Error("expected a ServiceError");
}
