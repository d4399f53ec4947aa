/**
 * Builds the explorer as static files (dist/): relative asset paths so it runs from any folder or
 * server path, offline; the core is compiled from its TypeScript sources ("source" condition).
 * Two of the core's internal imports are pointed at the explorer's own versions (the core reads
 * its libraries through them for exactly this): `#mathjs` loads the expression parser on demand
 * (src/lazy/mathjs.ts) and `#zod` keeps only the zod the schemas use (src/lazy/zod.ts), so the
 * first page ships neither the parser nor zod's message locales.
 */
import { join } from "node:path";
import { defineConfig } from "vite";

const lazy = (name: string) => join(import.meta.dirname, "src", "lazy", `${name}.ts`);

export default defineConfig({
  root: import.meta.dirname,
  base: "./",
  resolve: {
    conditions: ["source"],
    alias: [
      { find: /^#mathjs$/, replacement: lazy("mathjs") },
      { find: /^#zod$/, replacement: lazy("zod") },
    ],
  },
  worker: { format: "es" },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
    target: "es2022",
    rollupOptions: {
      // zod and mathjs carry /* @__PURE__ */ comments Rollup cannot place; harmless, and noisy
      onwarn(warning, warn) {
        if (warning.code !== "INVALID_ANNOTATION") warn(warning);
      },
    },
  },
  preview: { host: "127.0.0.1", port: 4173, strictPort: false },
  logLevel: "info",
});
