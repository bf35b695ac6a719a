import { eq, sql } from "drizzle-orm";
import type { Exec } from "../db/tx";
import { settings } from "../db/schema";

export function readSetting(db: Exec, key: string): string | undefined {
  return db.select({ value: settings.value }).from(settings).where(eq(settings.key, key)).get()?.value;
}

export function writeSetting(db: Exec, key: string, value: string): void {
  db.insert(settings).values({ key, value }).onConflictDoUpdate({ target: settings.key, set: { value } }).run();
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
