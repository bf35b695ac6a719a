import { mkdirSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

/** `file:./data/x.db`, `file:///abs/x.db` or a plain path → a filesystem path (or :memory:). */
function sqlitePath(url: string): string {
  if (url === ":memory:" || url === "file::memory:") return ":memory:";
  let p = url;
  if (p.startsWith("file://")) p = decodeURIComponent(new URL(p).pathname);
  else if (p.startsWith("file:")) p = p.slice("file:".length);
  return path.resolve(p);
}

const Env = z.object({
  PORT: z.coerce.number().int().min(1, "PORT must be 1–65535").max(65535, "PORT must be 1–65535").default(3000),
  HOST: z.string().min(1).optional().describe("interface to bind; all when unset"),
  DATABASE_URL: z
    .string()
    .min(1)
    .default("file:./data/pauta.db")
    .refine((u) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(u) || u.startsWith("file://"), "only SQLite is supported for now: use file:./data/pauta.db or a plain path")
    .transform(sqlitePath),
  PAUTA_BOOTSTRAP_API_KEY: z
    .string()
    .min(16, "use at least 16 characters")
    .max(200)
    .regex(/^[\x21-\x7e]+$/, "use printable ASCII without spaces")
    .optional(),
  PAUTA_PLAYBOOKS_DIR: z.string().min(1).default("playbooks").transform((d) => path.resolve(d)),
  PAUTA_WEBHOOK_MAX_ATTEMPTS: z.coerce
    .number()
    .int("use a whole number")
    .min(1, "use 1–20 attempts")
    .max(20, "use 1–20 attempts")
    .default(6)
    .describe("attempts per webhook delivery before it goes to the dead-letter list"),
  PAUTA_WEBHOOK_RETRY_BASE_MS: z.coerce
    .number()
    .int("use a whole number of milliseconds")
    .min(10, "use at least 10 ms")
    .max(86_400_000, "use at most a day (86400000 ms)")
    .default(30_000)
    .describe("the first retry's delay; each next one doubles it"),
  PAUTA_ADMIN_EMAIL: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.email("must be an email address, e.g. admin@example.com"))
    .optional()
    .describe("the first admin's email; used only while no user exists"),
  PAUTA_ADMIN_PASSWORD: z
    .string()
    .min(12, "use at least 12 characters")
    .max(200, "use at most 200 characters")
    .optional()
    .describe("the first admin's password; used only while no user exists"),
}).superRefine((e, ctx) => {
  // Half a pair would silently create an admin nobody knows the password of, or one at a default address.
  if (e.PAUTA_ADMIN_PASSWORD && !e.PAUTA_ADMIN_EMAIL) ctx.addIssue({ code: "custom", path: ["PAUTA_ADMIN_EMAIL"], message: "set it too: PAUTA_ADMIN_PASSWORD needs an email" });
  if (e.PAUTA_ADMIN_EMAIL && !e.PAUTA_ADMIN_PASSWORD)
    ctx.addIssue({ code: "custom", path: ["PAUTA_ADMIN_PASSWORD"], message: "set it too (at least 12 characters), or unset PAUTA_ADMIN_EMAIL to get a generated password" });
});
export type ServerEnv = z.infer<typeof Env>;

export class EnvError extends Error {}

/** Parse the environment; throws EnvError naming each bad variable. */
export function parseEnv(source: Record<string, string | undefined> = process.env): ServerEnv {
  // An empty variable means "not set" (shells and compose files often export VAR=).
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const r = Env.safeParse(cleaned);
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join(".") || "(environment)"}: ${i.message}`);
    throw new EnvError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  if (r.data.DATABASE_URL !== ":memory:") mkdirSync(path.dirname(r.data.DATABASE_URL), { recursive: true });
  return r.data;
}

let cached: ServerEnv | undefined;
export function env(): ServerEnv {
  cached ??= parseEnv();
  return cached;
}
