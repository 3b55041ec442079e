import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

// The built app lands among the jar's classpath resources; weft-server serves it at / under a CSP
// without 'unsafe-inline', so nothing may be inlined into index.html (no module-preload polyfill).
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: "target/classes/dev/weft/ui/static",
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    reportCompressedSize: true,
  },
  server: {
    proxy: {
      "/api": process.env.WEFT_URL ?? "http://localhost:8080",
    },
  },
  test: {
    environment: "happy-dom",
    setupFiles: ["src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    // One happy-dom per worker rather than per file halves the run; src/test/setup.ts resets what a
    // test may leave behind (the DOM, stubbed globals, the CSRF token, cookies).
    pool: "threads",
    isolate: false,
  },
});
