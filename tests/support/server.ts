// Starts the real production build (`next start`) on a free port against a fresh SQLite file.
// Used by the HTTP tests (tests/http) and the Playwright tests (tests/e2e).
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** The first admin every test server starts with (PAUTA_ADMIN_EMAIL / PAUTA_ADMIN_PASSWORD). */
export const TEST_ADMIN_EMAIL = "admin@pauta.test";
export const TEST_ADMIN_PASSWORD = "admin-password-for-tests";

export interface RunningServer {
  baseUrl: string;
  apiKey: string;
  dbPath: string;
  /** everything the server printed so far (stdout and stderr) */
  output(): string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });
}

/**
 * opts.dbPath: share an existing database file (e.g. a second process on the same DB); it is then
 * never deleted by stop(), and its admin key is the one created by whoever started it first.
 */
export async function startServer(opts: { env?: Record<string, string>; timeoutMs?: number; keepDb?: boolean; dbPath?: string } = {}): Promise<RunningServer> {
  if (!existsSync(path.join(REPO_ROOT, ".next", "BUILD_ID"))) throw new Error("no production build: run `npm run build` first");
  const dir = mkdtempSync(path.join(tmpdir(), "pauta-test-"));
  const dbPath = opts.dbPath ?? path.join(dir, "pauta.db");
  const apiKey = `test_${randomBytes(18).toString("base64url")}`;
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(REPO_ROOT, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: `file:${dbPath}`,
      PAUTA_BOOTSTRAP_API_KEY: apiKey,
      PAUTA_ADMIN_EMAIL: TEST_ADMIN_EMAIL,
      PAUTA_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
      ...opts.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
    // Own process group, so stop() ends next and anything it forked, and only those.
    detached: true,
  });
  let out = "";
  child.stdout?.on("data", (b: Buffer) => (out += b.toString()));
  child.stderr?.on("data", (b: Buffer) => (out += b.toString()));

  const baseUrl = `http://127.0.0.1:${port}`;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (child.exitCode === null && child.signalCode === null && child.pid) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        /* already gone */
      }
      const killer = setTimeout(() => {
        try {
          if (child.pid) process.kill(-child.pid, "SIGKILL");
        } catch {
          /* already gone */
        }
      }, 5000);
      await exited(child);
      clearTimeout(killer);
    }
    if (!opts.keepDb) rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`the server exited with code ${child.exitCode} before it was ready:\n${out}`);
    }
    try {
      const res = await fetch(`${baseUrl}/api/v1/health`);
      // Read to the end: a response left unread keeps its connection busy, and a stopping server
      // waits for it (its keep-alive timeout, 5 s) before it exits.
      await res.arrayBuffer();
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the server did not answer /api/v1/health within the timeout:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return { baseUrl, apiKey, dbPath, output: () => out, stop };
}
