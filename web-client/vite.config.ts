import { defineConfig } from 'vite';

// The gateway serves dist/ under its strict CSP (no inline script or style, no eval): Vite's production output is
// external module scripts and stylesheets only. In dev mode `npm run dev` proxies the API and the relay socket to a
// running `./miyu up` (MIYU_GATEWAY, default http://localhost:8080).
const gateway = process.env.MIYU_GATEWAY ?? 'http://localhost:8080';

export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
  server: {
    proxy: {
      '/api': { target: gateway, changeOrigin: true },
      // rewriteWsOrigin sets Origin to the target's, which must be the gateway's http(s) origin the relay allows
      '/ws': { target: gateway, ws: true, changeOrigin: true, rewriteWsOrigin: true },
    },
  },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
    // Two worker processes, one per core of the 2-core machines the suite runs on: Vitest's default there is cores − 1,
    // a single worker, and the suite takes twice as long (measured: 33 s against 17 s). The engine tests then share the
    // CPU with another file's crypto, so they never race the clock: they wait on conditions with deadlines sized for a
    // loaded machine (src/test-support/wait.ts) and put idle, retry and batching timers on a fake clock.
    pool: 'forks',
    maxWorkers: 2,
    // well above the longest single wait (WAIT_MS), so a stuck test fails with the waiter's message naming its condition
    testTimeout: 120_000,
  },
});
