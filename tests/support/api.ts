// Small helpers for tests that talk to a running Pauta over HTTP.
import Database from "better-sqlite3";
import type { RunningServer } from "./server";

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export function apiClient(server: Pick<RunningServer, "baseUrl" | "apiKey">) {
  return async function call<T = any>(
    method: string,
    path: string,
    body?: unknown,
    opts: { key?: string | null; raw?: string; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse<T>> {
    const key = opts.key === undefined ? server.apiKey : opts.key;
    const headers: Record<string, string> = { ...(key ? { authorization: `Bearer ${key}` } : {}), ...opts.headers };
    let payload: string | undefined;
    if (opts.raw !== undefined) payload = opts.raw;
    else if (body !== undefined) payload = JSON.stringify(body);
    if (payload !== undefined) headers["content-type"] ??= "application/json";
    const res = await fetch(server.baseUrl + path, { method, headers, body: payload });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  };
}

/** Open the server's SQLite file directly (as an operator or an attacker with file access would). */
export function openDbFile(dbPath: string, readonly = true): Database.Database {
  const db = new Database(dbPath, { readonly, fileMustExist: true });
  db.pragma("busy_timeout = 10000");
  return db;
}

export function countRows(dbPath: string, table: string): number {
  const db = openDbFile(dbPath);
  try {
    return (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

let seq = 0;
/** A valid case with a unique externalId; override any field. */
export function sampleCase(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  seq++;
  return {
    externalId: `t-${Date.now().toString(36)}-${seq}`,
    channel: "whatsapp",
    text: "Hola, quiero información de la maestría en finanzas",
    customer: { id: `cust-${seq}`, name: "Ana López", tier: "standard", country: "MX" },
    attributes: { account: "http-tests" },
    ...overrides,
  };
}
