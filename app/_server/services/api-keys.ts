import { randomBytes, randomUUID } from "node:crypto";
import { and, asc, eq, isNull } from "drizzle-orm";
import { ApiKeyCreateRequest, type ApiKeyCreated, type ApiKeyInfo } from "@/schemas/resources";
import type { ServiceContext } from "../db/client";
import type { Exec } from "../db/tx";
import { ALL_SCOPES, apiKeys, type ApiScope } from "../db/schema";
import { NotFoundError, ServiceError, ValidationError, zodIssues } from "../errors";
import { emitAudit } from "./audit";
import { sha256 } from "./hash";

export interface ApiPrincipal {
  keyId: string;
  name: string;
  prefix: string;
  scopes: ApiScope[];
}

export function hashApiKey(key: string): string {
  return sha256(key);
}

export function generateApiKey(): string {
  return `pk_${randomBytes(24).toString("base64url")}`;
}

export function createApiKeyTx(tx: Exec, input: { name: string; scopes: ApiScope[]; key?: string; actor: string }): { id: string; key: string; prefix: string } {
  const key = input.key ?? generateApiKey();
  const id = randomUUID();
  const prefix = key.slice(0, 10);
  const at = new Date().toISOString();
  tx.insert(apiKeys).values({ id, name: input.name, prefix, hash: hashApiKey(key), scopes: input.scopes, createdAt: at, revokedAt: null }).run();
  emitAudit(tx, { actor: input.actor, action: "api_key.created", entityId: id, at, after: { name: input.name, prefix, scopes: input.scopes } });
  return { id, key, prefix };
}

/** Create the first admin key unless any key exists. Immediate transaction: two starting processes create one key. */
export function ensureAdminKey(ctx: ServiceContext, bootstrapKey: string | undefined): { created: false } | { created: true; key: string; prefix: string; fromEnv: boolean } {
  return ctx.db.transaction(
    (tx) => {
      if (tx.select({ id: apiKeys.id }).from(apiKeys).limit(1).get()) return { created: false as const };
      const k = createApiKeyTx(tx, { name: "admin", scopes: ALL_SCOPES, key: bootstrapKey, actor: "system:startup" });
      return { created: true as const, key: k.key, prefix: k.prefix, fromEnv: bootstrapKey !== undefined };
    },
    { behavior: "immediate" },
  );
}

/** The key's principal, or null when the key is unknown or revoked. */
export function authenticateApiKey(ctx: ServiceContext, key: string): ApiPrincipal | null {
  const row = ctx.db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.hash, hashApiKey(key)), isNull(apiKeys.revokedAt)))
    .get();
  return row ? { keyId: row.id, name: row.name, prefix: row.prefix, scopes: row.scopes } : null;
}

function toInfo(row: typeof apiKeys.$inferSelect): ApiKeyInfo {
  return { id: row.id, name: row.name, prefix: row.prefix, scopes: row.scopes, createdAt: row.createdAt, revokedAt: row.revokedAt };
}

export function listApiKeys(ctx: ServiceContext): ApiKeyInfo[] {
  return ctx.db.select().from(apiKeys).orderBy(asc(apiKeys.createdAt)).all().map(toInfo);
}

/** A new key; its secret is returned once and only its hash is kept. */
export function createApiKey(ctx: ServiceContext, input: unknown, actor: string): ApiKeyCreated {
  const parsed = ApiKeyCreateRequest.safeParse(input);
  if (!parsed.success) throw new ValidationError("invalid API key request", zodIssues(parsed.error));
  const scopes = [...new Set(parsed.data.scopes)];
  return ctx.db.transaction(
    (tx) => {
      const k = createApiKeyTx(tx, { name: parsed.data.name, scopes, actor });
      const row = tx.select().from(apiKeys).where(eq(apiKeys.id, k.id)).get();
      if (!row) throw new NotFoundError("api key", k.id);
      return { ...toInfo(row), key: k.key };
    },
    { behavior: "immediate" },
  );
}

/** Revoke a key; refuses to revoke the last active key that can manage (nobody could manage Pauta afterwards). */
export function revokeApiKey(ctx: ServiceContext, id: string, actor: string): ApiKeyInfo {
  return ctx.db.transaction(
    (tx) => {
      const row = tx.select().from(apiKeys).where(eq(apiKeys.id, id)).get();
      if (!row) throw new NotFoundError("api key", id);
      if (row.revokedAt) return toInfo(row);
      if (row.scopes.includes("manage")) {
        const managers = tx.select().from(apiKeys).where(isNull(apiKeys.revokedAt)).all().filter((k) => k.scopes.includes("manage"));
        if (managers.length <= 1) throw new ServiceError("conflict", "this is the last key that can manage Pauta", [{ path: "id", message: "create another key with the manage scope first" }]);
      }
      const at = new Date().toISOString();
      tx.update(apiKeys).set({ revokedAt: at }).where(eq(apiKeys.id, id)).run();
      emitAudit(tx, { actor, action: "api_key.revoked", entityId: id, at, before: { revokedAt: null }, after: { revokedAt: at } });
      return { ...toInfo(row), revokedAt: at };
    },
    { behavior: "immediate" },
  );
}
