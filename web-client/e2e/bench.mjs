// Browser benchmark (not a test): how long a user waits for registration (PBKDF2 600 000 + key generation + backup +
// publish) and for one message (Enter → accepted by the relay → shown decrypted to the recipient), in real Chromium
// against a running stack. Usage: ./miyu up --detach; cd web-client && npm run bench [-- rounds]
import { performance } from 'node:perf_hooks';
import {
  befriend,
  launchBrowser,
  openConversation,
  openUser,
  register,
  tid,
  uniqueName,
  WAIT,
} from './support.mjs';

const rounds = Number(process.argv[2] ?? 20);
const password = 'Bench-marking-2026-ok';

function summary(label, samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  console.log(
    `${label.padEnd(42)} n=${String(sorted.length).padStart(3)}  p50 ${at(0.5).toFixed(0).padStart(6)} ms` +
      `  p90 ${at(0.9).toFixed(0).padStart(6)} ms  max ${sorted[sorted.length - 1].toFixed(0).padStart(6)} ms`,
  );
}

const browser = await launchBrowser();
try {
  const registrations = [];
  const a = await openUser(browser, 'a');
  const b = await openUser(browser, 'b');
  a.username = uniqueName('bench');
  b.username = uniqueName('bench');
  for (const user of [a, b]) {
    const start = performance.now();
    await register(user, user.username, password);
    registrations.push(performance.now() - start);
  }
  for (let i = 0; i < 4; i++) {
    const extra = await openUser(browser, `extra${i}`);
    const start = performance.now();
    await register(extra, uniqueName('bench'), password);
    registrations.push(performance.now() - start);
    await extra.context.close();
  }
  const derivations = [];
  for (let i = 0; i < 3; i++) {
    derivations.push(
      await a.page.evaluate(async () => {
        const start = performance.now();
        const enc = new TextEncoder();
        const salt = await crypto.subtle.digest('SHA-256', enc.encode('miyu/v1/bench'));
        const base = await crypto.subtle.importKey('raw', enc.encode('a password'), 'PBKDF2', false, ['deriveBits']);
        await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations: 600000 }, base, 256);
        return performance.now() - start;
      }),
    );
  }
  const keygens = [];
  for (let i = 0; i < 5; i++) {
    keygens.push(
      await a.page.evaluate(async () => {
        const start = performance.now();
        await crypto.subtle.generateKey(
          { name: 'RSA-OAEP', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
          false,
          ['encrypt', 'decrypt'],
        );
        await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
        return performance.now() - start;
      }),
    );
  }

  await befriend(a, b);
  await openConversation(a, b.username);
  await openConversation(b, a.username);
  const accepted = [];
  const shown = [];
  for (let i = 0; i < rounds; i++) {
    const text = `bench ${i} ${Date.now()}`;
    const start = performance.now();
    await tid(a.page, 'composer-input').fill(text);
    await tid(a.page, 'composer-input').press('Enter');
    const arrival = b.page
      .locator('[data-testid="message"][data-direction="in"]', { hasText: text })
      .waitFor({ timeout: WAIT })
      .then(() => shown.push(performance.now() - start));
    await a.page
      .locator('[data-testid="message"][data-direction="out"]:not([data-status="sending"])', { hasText: text })
      .waitFor({ timeout: WAIT });
    accepted.push(performance.now() - start);
    await arrival;
  }

  console.log(`MiYu browser benchmark — Chromium ${browser.version()}, ${rounds} messages`);
  summary('registration, click → online', registrations);
  summary('  PBKDF2-SHA256 600 000 alone', derivations);
  summary('  RSA-2048 + P-256 key generation', keygens);
  summary('send: Enter → accepted by the relay', accepted);
  summary('send: Enter → decrypted on the other side', shown);
  await a.context.close();
  await b.context.close();
} finally {
  await browser.close();
}
