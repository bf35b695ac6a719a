import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { apiClient, openDbFile, sampleCase } from "../support/api";
import { login } from "../support/auth";
import { REPO_ROOT, startServer } from "../support/server";

/** How many migrations the repository ships (drizzle's journal). */
const MIGRATIONS = (JSON.parse(readFileSync(path.join(REPO_ROOT, "drizzle/meta/_journal.json"), "utf8")) as { entries: unknown[] }).entries.length;

const dir = mkdtempSync(path.join(tmpdir(), "pauta-startup-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("start-up", () => {
  it("prints a random admin key once, in a banner with the URL; a restart keeps the data and prints no key", async () => {
    const dbPath = path.join(dir, "fresh.db");
    const first = await startServer({ dbPath, env: { PAUTA_BOOTSTRAP_API_KEY: "" } });
    let caseId: string;
    try {
      const out = first.output();
      const key = /Admin API key \(shown once; store it now\):\s+(pk_[A-Za-z0-9_-]+)/.exec(out)?.[1];
      expect(key).toBeDefined();
      expect(out).toContain(`Pauta is running at ${first.baseUrl}`);
      const call = apiClient({ baseUrl: first.baseUrl, apiKey: key! });
      const created = await call("POST", "/api/v1/cases", sampleCase());
      expect(created.status).toBe(201);
      caseId = created.body.caseId;
    } finally {
      await first.stop();
    }
    const again = await startServer({ dbPath, env: { PAUTA_BOOTSTRAP_API_KEY: "" } });
    try {
      expect(again.output()).not.toMatch(/Admin API key/);
      expect(again.output()).toMatch(/\[pauta\] ready at/);
      const db = openDbFile(dbPath);
      try {
        expect(db.prepare("select count(*) as n from cases where id = ?").get(caseId)).toEqual({ n: 1 });
        expect(db.prepare("select count(*) as n from api_keys").get()).toEqual({ n: 1 });
      } finally {
        db.close();
      }
    } finally {
      await again.stop();
    }
  });

  it("two processes starting together on a fresh database: each migration once, one admin key, one admin user, one version per example", async () => {
    const dbPath = path.join(dir, "together.db");
    const key = "shared-bootstrap-key-0123456789";
    const [a, b] = await Promise.all([startServer({ dbPath, env: { PAUTA_BOOTSTRAP_API_KEY: key } }), startServer({ dbPath, env: { PAUTA_BOOTSTRAP_API_KEY: key } })]);
    try {
      const db = openDbFile(dbPath);
      try {
        expect(db.prepare("select count(*) as n from api_keys").get()).toEqual({ n: 1 });
        expect(db.prepare("select count(*) as n from __drizzle_migrations").get()).toEqual({ n: MIGRATIONS });
        expect(db.prepare("select count(*) as n from users").get()).toEqual({ n: 1 });
        const versions = db.prepare("select playbook_id, count(*) as n from playbook_versions group by playbook_id").all() as { n: number }[];
        expect(versions.length).toBeGreaterThanOrEqual(3);
        for (const v of versions) expect(v.n).toBe(1);
        expect(db.prepare("select count(*) as n from audit_log where action = 'playbook.published'").get()).toEqual({ n: versions.length });
      } finally {
        db.close();
      }
      // Both serve, and both append to one valid chain.
      const ca = apiClient({ baseUrl: a.baseUrl, apiKey: key });
      const cb = apiClient({ baseUrl: b.baseUrl, apiKey: key });
      const posts = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? ca : cb)("POST", "/api/v1/cases", sampleCase())));
      expect(posts.map((p) => p.status)).toEqual(Array(10).fill(201));
      expect((await ca("GET", "/api/v1/audit/verify")).body).toEqual({ ok: true, checked: 10 });
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it("without PAUTA_ADMIN_EMAIL/PASSWORD, creates an admin with a random password printed once; it signs in", async () => {
    const dbPath = path.join(dir, "admin.db");
    const env = { PAUTA_ADMIN_EMAIL: "", PAUTA_ADMIN_PASSWORD: "" };
    const first = await startServer({ dbPath, env });
    try {
      const m = /Admin user \(password shown once; store it now\):\s+(\S+@\S+)\s+(\S+)/.exec(first.output());
      expect(m).not.toBeNull();
      const s = await login(first.baseUrl, m![1]!, m![2]!);
      expect(s.role).toBe("admin");
    } finally {
      await first.stop();
    }
    const again = await startServer({ dbPath, env });
    try {
      expect(again.output()).not.toMatch(/Admin user/);
    } finally {
      await again.stop();
    }
  });

  it.each([
    [{ PAUTA_ADMIN_EMAIL: "admin@example.com", PAUTA_ADMIN_PASSWORD: "short" }, "PAUTA_ADMIN_PASSWORD"],
    [{ DATABASE_URL: "postgres://db.example/pauta" }, "DATABASE_URL"],
    [{ PAUTA_BOOTSTRAP_API_KEY: "short" }, "PAUTA_BOOTSTRAP_API_KEY"],
  ])("a bad configuration stops the start with a message naming the variable (%o)", async (env, name) => {
    const err = await startServer({ env, timeoutMs: 30_000 }).then(
      () => null,
      (e: Error) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect(err!.message).toContain(`${name}: `);
    expect(err!.message).toContain("Invalid configuration");
  });
});
