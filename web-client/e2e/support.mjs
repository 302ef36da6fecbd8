// Shared helpers for the browser journeys: real Chromium (Debian's, never a downloaded one) driven by playwright-core
// against the packaged system (MIYU_URL, default http://localhost:8080, as `./miyu up` prints it).
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { webcrypto as crypto } from 'node:crypto';
import { chromium } from 'playwright-core';
import pg from 'pg';

export const baseUrl = process.env.MIYU_URL ?? 'http://localhost:8080';
export const screenshotDir = process.env.MIYU_SCREENSHOTS ?? new URL('../target/screenshots/', import.meta.url).pathname;
const chromiumPath = process.env.MIYU_CHROMIUM ?? '/usr/bin/chromium';

/** Default wait for anything a user would see; generous because two cores run six JVMs and the browser. */
export const WAIT = 30_000;

/**
 * The one poller of the journeys: reads a value the page shows until it satisfies `ok`, or fails after `timeout` with
 * the last value seen. For what a locator's own waitFor cannot express (a number growing, a text changing).
 */
export async function until(read, ok, what, { timeout = WAIT, interval = 200 } = {}) {
  const deadline = Date.now() + timeout;
  let value;
  for (;;) {
    value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) assert.fail(`${what}: still ${value} after ${timeout} ms`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
    ],
  });
}

/** A browser context per user, as two people on two machines; CSP violations and page errors fail the journey. */
export async function openUser(browser, name) {
  const context = await browser.newContext({ baseURL: baseUrl, locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
  await context.grantPermissions(['camera', 'microphone'], { origin: baseUrl });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`${name}: page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/.test(message.text())) {
      problems.push(`${name}: ${message.text()}`);
    }
  });
  await page.goto('/');
  return { name, context, page, problems };
}

export function uniqueName(prefix) {
  return `${prefix}_${crypto.getRandomValues(new Uint32Array(1))[0].toString(36)}`;
}

export const tid = (page, id) => page.getByTestId(id);

export async function screenshot(page, file) {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, file), fullPage: true });
}

export async function register(user, username, password) {
  const { page } = user;
  await tid(page, 'auth-username').waitFor({ timeout: WAIT });
  if (!(await tid(page, 'auth-email').isVisible())) {
    await tid(page, 'auth-switch').click();
  }
  await tid(page, 'auth-username').fill(username);
  await tid(page, 'auth-email').fill(`${username}@example.org`);
  await tid(page, 'auth-password').fill(password);
  await tid(page, 'auth-confirm').fill(password);
  await tid(page, 'auth-submit').click();
  await waitOnline(page);
}

export async function login(user, username, password) {
  const { page } = user;
  await tid(page, 'auth-username').waitFor({ timeout: WAIT });
  if (await tid(page, 'auth-email').isVisible()) {
    await tid(page, 'auth-switch').click();
  }
  await tid(page, 'auth-username').fill(username);
  await tid(page, 'auth-password').fill(password);
  await tid(page, 'auth-submit').click();
  await waitOnline(page);
}

export async function waitOnline(page) {
  await page.locator('[data-testid="connection-state"][data-state="online"]').waitFor({ timeout: 60_000 });
}

export async function logout(user) {
  const { page } = user;
  await tid(page, 'nav-profile').click();
  await tid(page, 'profile-logout').click();
  await tid(page, 'auth-username').waitFor({ timeout: WAIT });
}

/** a searches b, sends a request; b accepts it from the requests list. */
export async function befriend(a, b) {
  await tid(a.page, 'nav-friends').click();
  await tid(a.page, 'add-friend-input').fill(b.username);
  const hit = a.page.locator(`[data-testid="search-result"][data-username="${b.username}"]`);
  await hit.waitFor({ timeout: WAIT });
  await hit.getByTestId('search-request').click();
  await tid(b.page, 'nav-requests').click();
  const request = b.page.locator(`[data-testid="request-incoming"][data-username="${a.username}"]`);
  await request.waitFor({ timeout: WAIT });
  await request.getByTestId('request-accept').click();
  await tid(a.page, 'nav-friends').click();
  await a.page.locator(`[data-testid="friend-item"][data-username="${b.username}"]`).waitFor({ timeout: WAIT });
  await tid(b.page, 'nav-friends').click();
  await b.page.locator(`[data-testid="friend-item"][data-username="${a.username}"]`).waitFor({ timeout: WAIT });
}

export async function openConversation(user, peer) {
  const { page } = user;
  await tid(page, 'nav-friends').click();
  await page.locator(`[data-testid="friend-item"][data-username="${peer}"]`).click();
  await page.locator(`[data-testid="conversation"][data-peer="${peer}"]`).waitFor({ timeout: WAIT });
}

export async function send(user, text) {
  const { page } = user;
  await tid(page, 'composer-input').fill(text);
  await tid(page, 'composer-input').press('Enter');
  await page.locator('[data-testid="message"][data-direction="out"]', { hasText: text }).last().waitFor({ timeout: WAIT });
}

/** The texts of the open conversation's incoming messages, in display order. */
export async function incomingTexts(page) {
  return page.locator('[data-testid="message"][data-direction="in"] [data-testid="message-text"]').allInnerTexts();
}

export async function waitForIncoming(page, text) {
  await page.locator('[data-testid="message"][data-direction="in"]', { hasText: text }).first().waitFor({ timeout: WAIT });
}

export function assertNoProblems(...users) {
  assert.deepEqual(users.flatMap((u) => u.problems), []);
}

// --- server side, through the public API only --------------------------------------------------------------------

const enc = new TextEncoder();
const b64 = (bytes) => Buffer.from(bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes).toString('base64');

/** docs/crypto.md: K = PBKDF2-SHA256(password, SHA-256("miyu/v1/" + username), 600 000); authSecret = HKDF(K, "miyu/auth"). */
export async function authSecret(username, password) {
  const salt = await crypto.subtle.digest('SHA-256', enc.encode(`miyu/v1/${username.toLowerCase()}`));
  const base = await crypto.subtle.importKey('raw', enc.encode(password), 'PBKDF2', false, ['deriveBits']);
  const k = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations: 600_000 }, base, 256);
  const hkdf = await crypto.subtle.importKey('raw', k, 'HKDF', false, ['deriveBits']);
  const secret = await crypto.subtle.deriveBits(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(32), info: enc.encode('miyu/auth') },
    hkdf,
    256,
  );
  return b64(secret);
}

export async function api(path, { token, method = 'GET', body } = {}) {
  const response = await fetch(new URL(path, baseUrl), {
    method,
    headers: {
      ...(body ? { 'Content-Type': 'application/json' } : {}),
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`${method} ${path} → ${response.status}: ${text}`);
  }
  return text ? JSON.parse(text) : null;
}

export async function apiLogin(username, password) {
  const tokens = await api('/api/auth/login', {
    method: 'POST',
    body: { username, authSecret: await authSecret(username, password) },
  });
  return tokens.accessToken;
}

/** Publishes a brand-new, correctly signed key bundle for the user, as a second device (or an attacker with the password) would. */
export async function republishKeys(username, password) {
  const token = await apiLogin(username, password);
  const rsa = await crypto.subtle.generateKey(
    { name: 'RSA-OAEP', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    true,
    ['encrypt', 'decrypt'],
  );
  const ec = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const encPublicKey = b64(await crypto.subtle.exportKey('spki', rsa.publicKey));
  const signPublicKey = b64(await crypto.subtle.exportKey('spki', ec.publicKey));
  const text = `miyu/v1/key-bundle\n${username}\n${encPublicKey}\n${signPublicKey}`;
  const signature = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, ec.privateKey, enc.encode(text));
  return api('/api/keys/me', { token, method: 'PUT', body: { encPublicKey, signPublicKey, bundleSignature: b64(signature) } });
}

// --- the relay's database: what the server keeps must never contain a plaintext ---------------------------------

export async function relayDatabase() {
  const client = new pg.Client({
    host: process.env.MIYU_DB_HOST ?? '127.0.0.1',
    port: Number(process.env.MIYU_PG_PORT ?? 15432),
    user: process.env.MIYU_DB_USER ?? 'miyu',
    password: process.env.MIYU_DB_PASSWORD,
    database: process.env.MIYU_RELAY_DB ?? 'miyu_relay',
  });
  await client.connect();
  return client;
}

/**
 * Every value of every table of the relay's database, as bytes: text as UTF-8, bytea as is. Returns the values that
 * contain any of the plaintexts (as UTF-8 bytes, or base64 of them).
 */
export async function plaintextLeaks(db, plaintexts) {
  const tables = await db.query(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
  );
  const needles = plaintexts.flatMap((p) => [Buffer.from(p, 'utf8'), Buffer.from(Buffer.from(p, 'utf8').toString('base64'))]);
  const leaks = [];
  for (const { table_name: table } of tables.rows) {
    const rows = await db.query(`SELECT * FROM "${table}"`);
    for (const row of rows.rows) {
      for (const [column, value] of Object.entries(row)) {
        if (value === null) continue;
        const bytes = Buffer.isBuffer(value) ? value : Buffer.from(String(value instanceof Date ? value.toISOString() : value), 'utf8');
        if (needles.some((n) => bytes.includes(n))) {
          leaks.push(`${table}.${column}`);
        }
      }
    }
  }
  return leaks;
}
