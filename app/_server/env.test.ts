import path from "node:path";
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";

describe("parseEnv", () => {
  it("applies the embedded defaults", () => {
    const e = parseEnv({});
    expect(e.PORT).toBe(3000);
    expect(e.DATABASE_URL).toBe(path.resolve("data/pauta.db"));
    expect(e.PAUTA_PLAYBOOKS_DIR).toBe(path.resolve("playbooks"));
    expect(e.PAUTA_BOOTSTRAP_API_KEY).toBeUndefined();
    expect([e.PAUTA_WEBHOOK_MAX_ATTEMPTS, e.PAUTA_WEBHOOK_RETRY_BASE_MS]).toEqual([6, 30_000]);
  });

  it("accepts file: URLs and plain paths", () => {
    expect(parseEnv({ DATABASE_URL: "file:/tmp/pauta-env-test/a.db" }).DATABASE_URL).toBe("/tmp/pauta-env-test/a.db");
    expect(parseEnv({ DATABASE_URL: "file:///tmp/pauta-env-test/b.db" }).DATABASE_URL).toBe("/tmp/pauta-env-test/b.db");
    expect(parseEnv({ DATABASE_URL: "/tmp/pauta-env-test/c.db" }).DATABASE_URL).toBe("/tmp/pauta-env-test/c.db");
    expect(parseEnv({ DATABASE_URL: "" }).DATABASE_URL).toBe(path.resolve("data/pauta.db"));
  });

  it.each([
    [{ PORT: "http" }, "PORT"],
    [{ PORT: "70000" }, "PORT"],
    [{ DATABASE_URL: "postgres://db/pauta" }, "DATABASE_URL"],
    [{ PAUTA_BOOTSTRAP_API_KEY: "short" }, "PAUTA_BOOTSTRAP_API_KEY"],
    [{ PAUTA_BOOTSTRAP_API_KEY: "has spaces in the middle of it" }, "PAUTA_BOOTSTRAP_API_KEY"],
    [{ PAUTA_ADMIN_EMAIL: "not-an-email", PAUTA_ADMIN_PASSWORD: "long enough password" }, "PAUTA_ADMIN_EMAIL"],
    [{ PAUTA_ADMIN_EMAIL: "ana@example.com", PAUTA_ADMIN_PASSWORD: "short" }, "PAUTA_ADMIN_PASSWORD"],
    [{ PAUTA_ADMIN_EMAIL: "ana@example.com" }, "PAUTA_ADMIN_PASSWORD"],
    [{ PAUTA_ADMIN_PASSWORD: "long enough password" }, "PAUTA_ADMIN_EMAIL"],
    [{ PAUTA_WEBHOOK_MAX_ATTEMPTS: "0" }, "PAUTA_WEBHOOK_MAX_ATTEMPTS"],
    [{ PAUTA_WEBHOOK_RETRY_BASE_MS: "soon" }, "PAUTA_WEBHOOK_RETRY_BASE_MS"],
  ])("fails with a message naming the variable: %o", (source, name) => {
    expect(() => parseEnv(source)).toThrow(EnvError);
    expect(() => parseEnv(source)).toThrow(new RegExp(`^Invalid configuration:\\n  ${name}: `));
  });
});
