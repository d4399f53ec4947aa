import { defineConfig } from "vitest/config";

// Tests run against the workspace packages' sources (the "source" export condition), not their
// built dist/, so that a test never sees a stale build. Vite resolves Node-side (SSR) imports
// with ssr.resolve, so the condition is given there too.
export default defineConfig({
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"], externalConditions: ["source"] } },
  test: {
    include: ["packages/*/test/**/*.test.ts"],
    setupFiles: ["./vitest.setup.ts"],
    testTimeout: 60_000,
    pool: "threads",
  },
});
