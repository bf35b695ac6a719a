import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// HTTP tests against the real production build (`npm run build` first), each file on a fresh database.
export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL("./", import.meta.url)) } },
  test: {
    include: ["tests/http/**/*.test.ts"],
    environment: "node",
    // Each file starts its own `next start`; one at a time on a small machine.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
