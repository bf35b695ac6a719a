import { eq, sql } from "drizzle-orm";
import type { Exec } from "../db/tx";
import { placeholders, prepared } from "../db/prepared";
import { settings } from "../db/schema";

// Every case reads the publish generation and every decision moves the chain head: prepared once.
const statements = (db: Exec) => ({
  read: db.select({ value: settings.value }).from(settings).where(eq(settings.key, sql.placeholder("key"))).prepare(),
  write: db
    .insert(settings)
    .values(placeholders(["key", "value"]))
    .onConflictDoUpdate({ target: settings.key, set: { value: sql`${sql.placeholder("value")}` } })
    .prepare(),
});

export function readSetting(db: Exec, key: string): string | undefined {
  return prepared(db, statements).read.get({ key })?.value;
}

export function writeSetting(db: Exec, key: string, value: string): void {
  prepared(db, statements).write.run({ key, value });
}

export const PUBLISH_GENERATION = "publish_generation";
export const CHAIN_HEAD = "chain_head";

export function readPublishGeneration(db: Exec): number {
  return Number(readSetting(db, PUBLISH_GENERATION) ?? 0);
}

/** Bumped in the publishing transaction; every process compares it on its next case. */
export function bumpPublishGeneration(db: Exec): number {
  db.insert(settings)
    .values({ key: PUBLISH_GENERATION, value: "1" })
    .onConflictDoUpdate({ target: settings.key, set: { value: sql`CAST(CAST(${settings.value} AS INTEGER) + 1 AS TEXT)` } })
    .run();
  return readPublishGeneration(db);
}
