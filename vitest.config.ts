import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Unit and integration tests that need no running server: engine/, schemas/, app services, playbooks.
export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL("./", import.meta.url)) } },
  test: {
    include: ["engine/**/*.test.ts", "schemas/**/*.test.ts", "app/**/*.test.ts", "playbooks/**/*.test.ts", "tests/unit/**/*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
    // Vitest's default is one worker fewer than the cores: on a 2-core CI machine, one file at a
    // time. Every file has its own SQLite files, so they can run on all cores.
    maxWorkers: availableParallelism(),
  },
});
