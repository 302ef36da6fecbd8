// Browser micro-benchmark (not a test) of issue 13's crypto: session setup and per-message cost of the Double
// Ratchet for a 1 KB message, in real Chromium, without the stack. Usage: cd web-client && node e2e/ratchet-bench.mjs [rounds]
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';
import { launchBrowser } from './support.mjs';

const rounds = Number(process.argv[2] ?? 50);
const bundle = await rolldown({ input: fileURLToPath(new URL('./ratchet-bench-entry.ts', import.meta.url)) });
const { output } = await bundle.generate({ format: 'iife' });
const script = output[0].code;

// WebCrypto needs a secure context: a page on 127.0.0.1 is one.
const server = createServer((req, res) => {
  res.setHeader('content-type', req.url === '/bench.js' ? 'text/javascript' : 'text/html');
  res.end(req.url === '/bench.js' ? script : '<!doctype html><script src="/bench.js"></script>');
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const browser = await launchBrowser();
try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  console.log(`Chromium ${browser.version()}`);
  const result = await page.evaluate((n) => globalThis.ratchetBench(n), rounds);
  const ms = (v) => v.toFixed(2).padStart(7);
  console.log(`curve ${result.curve}; 100 one-time prekeys + signed prekey generated and signed in ${ms(result.prekeys100)} ms`);
  for (const [label, s] of Object.entries(result)) {
    if (typeof s !== 'object') continue;
    console.log(`${label.padEnd(22)} n=${String(s.n).padStart(4)}  mean ${ms(s.mean)} ms  p50 ${ms(s.p50)} ms  p95 ${ms(s.p95)} ms  max ${ms(s.max)} ms`);
  }
} finally {
  await browser.close();
  server.close();
}
