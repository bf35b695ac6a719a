#!/usr/bin/env node
// `npm start`: build when the production build is missing or older than the sources, then `next start`.
// Configuration (PORT, HOST, DATABASE_URL, PAUTA_BOOTSTRAP_API_KEY, PAUTA_PLAYBOOKS_DIR) is validated
// by the app itself at start (app/_server/env.ts); only PORT and HOST are needed here.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");

const port = process.env.PORT || "3000";
if (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
  console.error(`Invalid configuration:\n  PORT: must be a number from 1 to 65535 (got "${port}")`);
  process.exit(1);
}
const host = process.env.HOST || "";

const SOURCES = ["app", "engine", "schemas", "instrumentation.ts", "next.config.ts", "package.json", "package-lock.json", "tsconfig.json"];

function newestMtime(p) {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(p)) {
    if (entry === "node_modules" || entry.startsWith(".")) continue;
    newest = Math.max(newest, newestMtime(path.join(p, entry)));
  }
  return newest;
}

function buildIsStale() {
  const id = path.join(root, ".next", "BUILD_ID");
  if (!existsSync(id)) return true;
  const built = statSync(id).mtimeMs;
  return SOURCES.some((s) => newestMtime(path.join(root, s)) > built);
}

if (buildIsStale()) {
  console.log("[pauta] building the app (first start or sources changed)...");
  const r = spawnSync(process.execPath, [nextBin, "build"], { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (r.status !== 0) {
    console.error("[pauta] the build failed; see above");
    process.exit(r.status ?? 1);
  }
}

const url = `http://${host && host !== "0.0.0.0" && host !== "::" ? host : "localhost"}:${port}`;
console.log(`[pauta] starting at ${url}`);
const args = [nextBin, "start", "-p", port, ...(host ? ["-H", host] : [])];
const child = spawn(process.execPath, args, { cwd: root, stdio: "inherit", env: { ...process.env, PORT: port, NODE_ENV: "production" } });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
