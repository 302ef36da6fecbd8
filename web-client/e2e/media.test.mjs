// Images and hidden-message images between two people in real Chromium: an image sent by one is displayed for the
// other (thumbnail inline, full image on click, saved copy byte-identical); paste and drop send images too; files that
// are not images or too large are refused with a clear message; a tampered download is an error, never a broken
// image; a hidden message sent in an image is revealed by the lock with the exact text, and a saved copy still carries
// it. The relay's attachment rows hold ciphertext only.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { decode, encode } from 'fast-png';
import {
  assertNoProblems,
  befriend,
  launchBrowser,
  openConversation,
  openUser,
  plaintextLeaks,
  register,
  relayDatabase,
  screenshot,
  tid,
  uniqueName,
  until,
  WAIT,
} from './support.mjs';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const password = 'Lantern-river-7-mountain';

/** A PNG with a smooth pattern plus noise (so that it does not compress to nothing), RGBA 8-bit. */
function makePng(width, height, seed = 1) {
  let s = seed >>> 0 || 1;
  const rand = () => ((s = (s * 1664525 + 1013904223) >>> 0) >>> 24);
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      data[i] = ((x * 255) / width + (rand() & 31)) & 0xff;
      data[i + 1] = ((y * 255) / height + (rand() & 31)) & 0xff;
      data[i + 2] = (((x + y) * 128) / (width + height) + seed * 40 + (rand() & 63)) & 0xff;
      data[i + 3] = 255;
    }
  }
  return { png: Buffer.from(encode({ width, height, data, depth: 8, channels: 4 })), pixels: data };
}

/** Reads the stego header + payload length from a PNG's RGB LSBs (src/media/stego.ts layout), independently. */
function stegoHeader(png) {
  const img = decode(png);
  assert.equal(img.channels, 4, 'the stego PNG is RGBA');
  assert.equal(img.depth, 8, 'the stego PNG is 8-bit');
  const px = img.data;
  const bytes = new Uint8Array(8);
  for (let bit = 0; bit < 64; bit++) {
    const v = px[Math.floor(bit / 3) * 4 + (bit % 3)] & 1;
    bytes[bit >> 3] = (bytes[bit >> 3] << 1) | v;
  }
  return { magic: Buffer.from(bytes.subarray(0, 4)).toString('latin1'), length: new DataView(bytes.buffer).getUint32(4), img };
}

const outImages = (page) => page.locator('[data-testid="message"][data-direction="out"] [data-testid="image-message"]');
const inImages = (page) => page.locator('[data-testid="message"][data-direction="in"] [data-testid="image-message"]');

/** Waits until the image bubble is in the given data-state. */
async function inState(message, state) {
  await message.and(message.page().locator(`[data-testid="image-message"][data-state="${state}"]`)).waitFor({ timeout: WAIT });
}

async function naturalSize(locator) {
  await locator.waitFor({ timeout: WAIT });
  await locator.evaluate((img) => (img.complete && img.naturalWidth ? null : new Promise((r) => img.addEventListener('load', r, { once: true }))));
  return locator.evaluate((img) => ({ width: img.naturalWidth, height: img.naturalHeight }));
}

async function saveFull(page, message) {
  await message.getByTestId('image-thumbnail').click();
  await inState(message, 'full');
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: WAIT }), tid(page, 'image-save').click()]);
  const bytes = await readFile(await download.path());
  await tid(page, 'image-close').click();
  await inState(message, 'thumbnail');
  return { bytes, filename: download.suggestedFilename() };
}

let browser;
let alice;
let bob;
let db;
let aliceId;

before(async () => {
  browser = await launchBrowser();
  alice = await openUser(browser, 'alice');
  bob = await openUser(browser, 'bob');
  alice.username = uniqueName('alice');
  bob.username = uniqueName('bob');
  db = await relayDatabase();
  await register(alice, alice.username, password);
  await register(bob, bob.username, password);
  await befriend(alice, bob);
  await openConversation(alice, bob.username);
  await openConversation(bob, alice.username);
  const row = await db.query('SELECT friend_id FROM friends WHERE friend_username = $1 LIMIT 1', [alice.username]);
  assert.equal(row.rowCount, 1, "the relay knows Alice's id from Bob's friend row");
  aliceId = row.rows[0].friend_id;
});

after(async () => {
  await db?.end();
  await alice?.context.close();
  await bob?.context.close();
  await browser?.close();
});

test('an image sent by one user is displayed for the other, and the relay stores only its ciphertext', async () => {
  const { png } = makePng(200, 150, 7);

  // a slow uplink, so that the pending bubble's progress bar is there to be seen
  const cdp = await alice.context.newCDPSession(alice.page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 60 * 1024 });
  await tid(alice.page, 'image-attach').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: png });
  const progress = tid(alice.page, 'upload-progress');
  await progress.waitFor({ timeout: WAIT });
  await alice.page.locator('[data-testid="image-upload"][data-phase="uploading"]').waitFor({ timeout: WAIT });
  const percents = new Set();
  await until(
    async () => {
      const value = await progress.getAttribute('data-percent', { timeout: WAIT }).catch(() => null);
      if (value !== null) percents.add(Number(value));
      return [...percents];
    },
    (seen) => seen.some((p) => p > 0 && p < 100),
    'the progress bar between 0 and 100 %',
    { interval: 50 },
  );
  assert.ok([...percents].some((p) => p > 0 && p < 100), `the progress bar moves: ${[...percents]}`);
  await screenshot(alice.page, 'image-uploading.png');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await cdp.detach();

  const sent = outImages(alice.page).last();
  await sent.waitFor({ timeout: WAIT });
  await tid(alice.page, 'image-upload').waitFor({ state: 'detached', timeout: WAIT });

  // Bob sees the thumbnail at once (it travelled inside the encrypted message), then the full image on click
  const received = inImages(bob.page).last();
  await received.waitFor({ timeout: WAIT });
  const thumb = await naturalSize(received.getByTestId('image-thumbnail'));
  assert.ok(thumb.width > 0 && thumb.width <= 240 && Math.abs(thumb.width / thumb.height - 200 / 150) < 0.05, `thumbnail ${thumb.width}x${thumb.height}`);
  assert.equal(await received.getByTestId('stego-lock').count(), 0, 'an ordinary image has no lock');

  await received.getByTestId('image-thumbnail').click();
  await inState(received, 'full');
  assert.deepEqual(await naturalSize(tid(bob.page, 'image-full')), { width: 200, height: 150 });
  assert.match(await tid(bob.page, 'image-full').getAttribute('src'), /^blob:/);
  await screenshot(bob.page, 'image-lightbox.png');
  await tid(bob.page, 'image-close').click();
  await inState(received, 'thumbnail');
  assert.equal(await tid(bob.page, 'image-full').count(), 0, 'the lightbox is gone');

  // the saved copy is the very file Alice sent
  const saved = await saveFull(bob.page, received);
  assert.ok(saved.bytes.equals(png), 'the saved image is byte for byte the one that was sent');
  assert.match(saved.filename, /\.png$/);
  await screenshot(bob.page, 'image-conversation.png');

  // the relay's attachment row: there, the ciphertext's size, and no plaintext image bytes in it
  const rows = await db.query('SELECT size, data FROM attachments WHERE uploader_id = $1', [aliceId]);
  const row = rows.rows.find((r) => Number(r.size) === png.length + 16);
  assert.ok(row, `an attachment row of ${png.length + 16} bytes (plaintext + GCM tag) exists for Alice: ${rows.rows.map((r) => r.size)}`);
  assert.equal(row.data.length, png.length + 16);
  assert.ok(!row.data.subarray(0, 8).equals(PNG_SIGNATURE), 'the stored blob is not a PNG');
  assert.ok(!row.data.includes(png.subarray(8, 72)), 'the PNG header chunk is not stored in clear');
  assert.ok(!row.data.includes(png.subarray(png.length >> 1, (png.length >> 1) + 64)), 'the pixel data is not stored in clear');
  for (const r of rows.rows) assert.ok(!r.data.subarray(0, 8).equals(PNG_SIGNATURE), 'no stored attachment is a PNG');
  // the thumbnail travelled inside the end-to-end encrypted message only
  const thumbnail = await received.getByTestId('image-thumbnail').getAttribute('src');
  assert.match(thumbnail, /^data:image\/jpeg;base64,/);
  assert.deepEqual(await plaintextLeaks(db, [thumbnail, thumbnail.slice(23, 23 + 200)]), []);
  assertNoProblems(alice, bob);
});

test('files that are not images, or too large, are refused with a clear message', async () => {
  const before = await outImages(alice.page).count();
  await tid(alice.page, 'image-attach').setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('not an image at all, just text') });
  await alice.page.locator('[data-testid="toast"]', { hasText: '不是支持的图片' }).waitFor({ timeout: WAIT });

  const big = Buffer.alloc(10 * 1024 * 1024 + 1);
  PNG_SIGNATURE.copy(big);
  await tid(alice.page, 'image-attach').setInputFiles({ name: 'huge.png', mimeType: 'image/png', buffer: big });
  await alice.page.locator('[data-testid="toast"]', { hasText: '图片太大' }).waitFor({ timeout: WAIT });

  assert.equal(await outImages(alice.page).count(), before, 'nothing was sent');
  assert.equal(await tid(alice.page, 'image-upload').count(), 0, 'nothing is being uploaded');
  assertNoProblems(alice, bob);
});

test('pasted and dropped images are sent too', async () => {
  const before = await inImages(bob.page).count();
  const pasted = makePng(64, 64, 3).png;
  await tid(alice.page, 'composer-input').evaluate((input, bytes) => {
    const data = new DataTransfer();
    data.items.add(new File([new Uint8Array(bytes)], 'pasted.png', { type: 'image/png' }));
    input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, [...pasted]);
  await inImages(bob.page).nth(before).waitFor({ timeout: WAIT });

  const dropped = makePng(90, 60, 4).png;
  const pane = tid(alice.page, 'conversation');
  const transfer = await alice.page.evaluateHandle((bytes) => {
    const data = new DataTransfer();
    data.items.add(new File([new Uint8Array(bytes)], 'dropped.png', { type: 'image/png' }));
    return data;
  }, [...dropped]);
  await pane.dispatchEvent('dragenter', { dataTransfer: transfer });
  await tid(alice.page, 'image-dropzone').waitFor({ timeout: WAIT });
  await screenshot(alice.page, 'image-dropzone.png');
  await pane.dispatchEvent('drop', { dataTransfer: transfer });
  await tid(alice.page, 'image-dropzone').waitFor({ state: 'detached', timeout: WAIT });
  await inImages(bob.page).nth(before + 1).waitFor({ timeout: WAIT });
  const last = inImages(bob.page).nth(before + 1);
  await last.getByTestId('image-thumbnail').click();
  assert.deepEqual(await naturalSize(tid(bob.page, 'image-full')), { width: 90, height: 60 });
  await tid(bob.page, 'image-close').click();
  assertNoProblems(alice, bob);
});

test('a download that does not match its hash is a clear error, never a broken image', async () => {
  const before = await inImages(bob.page).count();
  await tid(alice.page, 'image-attach').setInputFiles({ name: 'second.png', mimeType: 'image/png', buffer: makePng(120, 90, 9).png });
  const received = inImages(bob.page).nth(before);
  await received.waitFor({ timeout: WAIT });

  // someone between the relay and Bob flips one byte of the ciphertext
  const tamper = async (route) => {
    const response = await route.fetch();
    const body = Buffer.from(await response.body());
    body[body.length >> 1] ^= 0x01;
    await route.fulfill({ response, body });
  };
  await bob.page.route('**/api/attachments/*', tamper);
  await received.getByTestId('image-thumbnail').click();
  await inState(received, 'error');
  assert.match(await received.getByTestId('image-error').innerText(), /校验失败/);
  assert.equal(await tid(bob.page, 'image-full').count(), 0, 'no full image is shown');
  await screenshot(bob.page, 'image-error.png');

  // the real bytes open fine
  await bob.page.unroute('**/api/attachments/*', tamper);
  await received.getByTestId('image-error').getByRole('button').click();
  await inState(received, 'full');
  assert.deepEqual(await naturalSize(tid(bob.page, 'image-full')), { width: 120, height: 90 });
  await tid(bob.page, 'image-close').click();
  assertNoProblems(alice, bob);
});

test('a hidden message sent in an image is revealed by the lock with the exact text', async () => {
  const secret = `今晚八点，老地方见。\n带上那本《红楼梦》🌙 — "quotes" & <b>not bold</b> ${Date.now()}`;
  const { png: cover, pixels: coverPixels } = makePng(160, 120, 5);
  const capacity = Math.floor((160 * 120 * 3) / 8) - 8 - 16;

  await tid(alice.page, 'stego-open').click();
  await tid(alice.page, 'stego-cover').setInputFiles({ name: 'cover.png', mimeType: 'image/png', buffer: cover });
  await alice.page.locator(`[data-testid="stego-capacity"][data-capacity="${capacity}"]`).waitFor({ timeout: WAIT });
  assert.match(await tid(alice.page, 'stego-capacity').innerText(), new RegExp(`可容纳 ${capacity} 字节`));

  // too long: an error before sending, and no way to send
  await tid(alice.page, 'stego-text').fill('密'.repeat(Math.floor(capacity / 3) + 1));
  await tid(alice.page, 'stego-too-long').waitFor({ timeout: WAIT });
  assert.ok(await tid(alice.page, 'stego-send').isDisabled(), 'sending is disabled while the text is too long');

  await tid(alice.page, 'stego-text').fill(secret);
  await tid(alice.page, 'stego-too-long').waitFor({ state: 'detached', timeout: WAIT });
  assert.match(await tid(alice.page, 'stego-count').innerText(), new RegExp(`^${Buffer.byteLength(secret)} / ${capacity}`));
  await screenshot(alice.page, 'stego-compose.png');
  await tid(alice.page, 'stego-send').click();
  await tid(alice.page, 'stego-dialog').waitFor({ state: 'detached', timeout: WAIT });

  const mine = alice.page.locator('[data-testid="message"][data-direction="out"] [data-testid="image-message"][data-stego="true"]').last();
  await mine.waitFor({ timeout: WAIT });
  const received = bob.page.locator('[data-testid="message"][data-direction="in"] [data-testid="image-message"][data-stego="true"]').last();
  await received.getByTestId('stego-lock').waitFor({ timeout: WAIT });
  await screenshot(bob.page, 'stego-received.png');

  await received.getByTestId('stego-lock').click();
  const shown = tid(bob.page, 'stego-reveal-text');
  await shown.waitFor({ timeout: WAIT });
  assert.equal(await shown.textContent(), secret, 'the exact hidden text');
  assert.equal(await bob.page.locator('[data-testid="stego-reveal-text"] b').count(), 0, 'rendered as text');
  await screenshot(bob.page, 'stego-reveal.png');
  await tid(bob.page, 'stego-reveal-close').click();
  await shown.waitFor({ state: 'detached', timeout: WAIT });
  assert.ok(!(await bob.page.locator('body').innerText()).includes(secret.slice(0, 10)), 'the text is gone from the page');

  // the sender can open her own lock too
  await mine.getByTestId('stego-lock').click();
  assert.equal(await tid(alice.page, 'stego-reveal-text').textContent(), secret);
  await alice.page.keyboard.press('Escape');
  await tid(alice.page, 'stego-reveal-text').waitFor({ state: 'detached', timeout: WAIT });

  // a saved copy is the stego PNG itself: same size, pixels differ from the cover only in RGB LSBs, header intact
  const saved = await saveFull(bob.page, received);
  assert.ok(saved.bytes.subarray(0, 8).equals(PNG_SIGNATURE), 'saved as PNG');
  const { magic, length, img } = stegoHeader(saved.bytes);
  assert.equal(magic, 'MYS1');
  assert.equal(length, Buffer.byteLength(secret) + 16, 'the payload is the encrypted text (UTF-8 + GCM tag)');
  assert.deepEqual([img.width, img.height], [160, 120]);
  let changed = 0;
  for (let i = 0; i < coverPixels.length; i++) {
    const diff = img.data[i] ^ coverPixels[i];
    assert.ok(diff === 0 || (diff === 1 && i % 4 !== 3), `pixel byte ${i} differs only in its LSB (RGB)`);
    changed += diff;
  }
  assert.ok(changed > 0, 'the hidden bits are there');
  assert.ok(!saved.bytes.includes(Buffer.from(secret.split('\n')[0])), 'the text is not in the PNG in clear');

  // neither the text nor the stego PNG is readable by the relay
  assert.deepEqual(await plaintextLeaks(db, [secret, secret.split('\n')[0]]), []);
  const rows = await db.query('SELECT size, data FROM attachments WHERE uploader_id = $1', [aliceId]);
  const row = rows.rows.find((r) => Number(r.size) === saved.bytes.length + 16);
  assert.ok(row, 'the stego PNG was uploaded as an ordinary attachment');
  assert.ok(!row.data.includes(saved.bytes.subarray(8, 72)) && !row.data.subarray(0, 8).equals(PNG_SIGNATURE), 'as ciphertext only');
  assertNoProblems(alice, bob);
});
