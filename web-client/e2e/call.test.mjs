// Voice: a real-time call between two browsers (WebRTC with Chromium's fake microphone, signalled through the
// end-to-end encrypted relay), a busy callee, a declined call, and a recorded voice clip that travels as an encrypted
// attachment and plays at the other end.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  assertNoProblems,
  befriend,
  launchBrowser,
  openConversation,
  openUser,
  register,
  screenshot,
  tid,
  uniqueName,
  until,
  WAIT,
} from './support.mjs';

const password = 'Copper-lantern-58-tides';
let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** Closes the toast of an earlier step (it sits where the recording panel shows up). */
async function dismissToast(page) {
  const toast = tid(page, 'toast');
  if (await toast.isVisible()) await toast.locator('.toast-close').click();
  await toast.waitFor({ state: 'detached', timeout: WAIT });
}

async function pair(a, b) {
  const x = await openUser(browser, a);
  const y = await openUser(browser, b);
  x.username = uniqueName(a);
  y.username = uniqueName(b);
  await register(x, x.username, password);
  await register(y, y.username, password);
  await befriend(x, y);
  return [x, y];
}

async function seesOnline(user, peer) {
  await tid(user.page, 'nav-friends').click();
  await user.page.locator(`[data-testid="friend-item"][data-username="${peer}"][data-online="true"]`).waitFor({ timeout: WAIT });
}

const bar = (page, state) => page.locator(`[data-testid="call-bar"]${state ? `[data-state="${state}"]` : ''}`);

async function callButton(user, peer) {
  await openConversation(user, peer);
  const button = user.page.locator('[data-testid="call-start"]:not([disabled])');
  await button.waitFor({ timeout: WAIT });
  return button;
}

const packets = (page, which) => bar(page).getAttribute(`data-${which}-packets`).then(Number);

/** The call is over on that side: the bar says why, or has gone already. */
async function callOver(page) {
  await page.waitForFunction(
    () => {
      const el = document.querySelector('[data-testid="call-bar"]');
      return !el || el.getAttribute('data-state') === 'ended';
    },
    null,
    { timeout: WAIT },
  );
}

test('a voice call connects peer to peer, carries audio both ways, and hangs up on both sides', async () => {
  const [alice, bob] = await pair('alice', 'bob');
  try {
    await seesOnline(alice, bob.username);
    await seesOnline(bob, alice.username);
    const call = await callButton(alice, bob.username);
    await call.click();
    await bar(alice.page).waitFor({ timeout: WAIT });

    const incoming = tid(bob.page, 'call-incoming');
    await incoming.waitFor({ timeout: WAIT });
    assert.match(await incoming.innerText(), new RegExp(alice.username));
    await screenshot(bob.page, 'call-incoming.png');
    await tid(bob.page, 'call-accept').click();

    await bar(alice.page, 'connected').waitFor({ timeout: WAIT });
    await bar(bob.page, 'connected').waitFor({ timeout: WAIT });
    await incoming.waitFor({ state: 'detached', timeout: WAIT });

    // audio flows both ways: the receivers' inbound RTP packet counters (getStats) keep rising
    const bobStart = await packets(bob.page, 'inbound');
    await until(() => packets(bob.page, 'inbound'), (n) => n > bobStart + 50, "Bob's inbound audio packets");
    const aliceStart = await packets(alice.page, 'inbound');
    await until(() => packets(alice.page, 'inbound'), (n) => n > aliceStart + 50, "Alice's inbound audio packets");
    assert.ok((await packets(alice.page, 'outbound')) > 0, 'Alice sends audio');

    // the caller sees her microphone live, and the timer runs
    await until(
      () => tid(alice.page, 'call-waveform').getAttribute('data-level').then(Number),
      (level) => level > 0,
      "Alice's microphone waveform level",
    );
    assert.match(await tid(alice.page, 'call-timer').innerText(), /^\d\d:\d\d$/);
    const t0 = await tid(alice.page, 'call-timer').innerText();
    await until(() => tid(alice.page, 'call-timer').innerText(), (t) => t !== t0, 'the call timer');

    // mute toggles and says so
    await tid(alice.page, 'call-mute').click();
    assert.equal(await tid(alice.page, 'call-mute').getAttribute('aria-pressed'), 'true');
    await tid(alice.page, 'call-mute').click();
    assert.equal(await tid(alice.page, 'call-mute').getAttribute('aria-pressed'), 'false');

    // the remote audio plays through an <audio> with a MediaStream source
    assert.ok(
      await bob.page.evaluate(() => {
        const audio = document.querySelector('[data-testid="call-audio"]');
        return audio instanceof HTMLAudioElement && audio.srcObject instanceof MediaStream && audio.srcObject.getAudioTracks().length > 0;
      }),
      'the remote stream is attached to the audio element',
    );
    await screenshot(alice.page, 'call-active.png');

    await tid(alice.page, 'call-hangup').click();
    await callOver(alice.page);
    await callOver(bob.page);
    const reason = await bar(bob.page).getAttribute('data-reason').catch(() => null);
    assert.ok(reason === null || reason === 'hangup', `Bob's side ended because Alice hung up (${reason})`);
    // and the bars go away by themselves
    await bar(alice.page).waitFor({ state: 'detached', timeout: WAIT });
    await bar(bob.page).waitFor({ state: 'detached', timeout: WAIT });

    // a declined call: the caller is told
    await call.click();
    await tid(bob.page, 'call-incoming').waitFor({ timeout: WAIT });
    await tid(bob.page, 'call-decline').click();
    await alice.page.locator('[data-testid="call-bar"][data-state="ended"][data-reason="declined"]').waitFor({ timeout: WAIT });
    await screenshot(alice.page, 'call-declined.png');
    await bar(bob.page).waitFor({ state: 'detached', timeout: WAIT });

    assertNoProblems(alice, bob);
  } finally {
    await alice.context.close();
    await bob.context.close();
  }
});

test('a second caller gets "busy" while the callee is in a call', async () => {
  const [erin, frank] = await pair('erin', 'frank');
  const grace = await openUser(browser, 'grace');
  grace.username = uniqueName('grace');
  try {
    await register(grace, grace.username, password);
    await befriend(grace, frank);
    await seesOnline(erin, frank.username);
    await seesOnline(grace, frank.username);

    await (await callButton(erin, frank.username)).click();
    await tid(frank.page, 'call-accept').click();
    await bar(frank.page, 'connected').waitFor({ timeout: WAIT });

    await (await callButton(grace, frank.username)).click();
    await grace.page.locator('[data-testid="call-bar"][data-state="ended"][data-reason="busy"]').waitFor({ timeout: WAIT });
    // Frank's call goes on undisturbed, and no second ring appears
    assert.equal(await bar(frank.page).getAttribute('data-state'), 'connected');
    assert.equal(await tid(frank.page, 'call-incoming').count(), 0);

    await tid(frank.page, 'call-hangup').click();
    await callOver(erin.page);
    assertNoProblems(erin, frank, grace);
  } finally {
    await erin.context.close();
    await frank.context.close();
    await grace.context.close();
  }
});

test('a voice clip is recorded while held, sent as an encrypted attachment, and plays at the receiver', async () => {
  const [hana, ivan] = await pair('hana', 'ivan');
  try {
    await openConversation(hana, ivan.username);
    await dismissToast(hana.page);
    const record = tid(hana.page, 'voice-record');
    await record.hover();
    await hana.page.mouse.down();
    await tid(hana.page, 'voice-recording').waitFor({ timeout: WAIT });
    // the user holds the button until the recorder's clock shows a second
    await until(() => hana.page.locator('.voice-panel-time').innerText(), (t) => t !== '0:00', 'a second of recording');
    await screenshot(hana.page, 'voice-recording.png');
    await hana.page.mouse.up();
    await tid(hana.page, 'voice-recording').waitFor({ state: 'detached', timeout: WAIT });

    const sent = hana.page.locator('[data-testid="message"][data-direction="out"] [data-testid="voice-message"]');
    await sent.waitFor({ timeout: WAIT });
    await hana.page.locator('[data-testid="message"][data-direction="out"][data-status="delivered"]').waitFor({ timeout: WAIT });

    await openConversation(ivan, hana.username);
    const clip = ivan.page.locator('[data-testid="message"][data-direction="in"] [data-testid="voice-message"]');
    await clip.waitFor({ timeout: WAIT });
    assert.match(await clip.getByTestId('voice-duration').innerText(), /^0:0[12]$/);
    assert.equal(await clip.getAttribute('data-state'), 'idle');

    await clip.getByTestId('voice-play').click();
    await ivan.page.locator('[data-testid="message"][data-direction="in"] [data-testid="voice-message"][data-state="playing"]').waitFor({ timeout: WAIT });
    await until(
      () => clip.locator('audio').evaluate((a) => a.currentTime),
      (t) => t > 0.3,
      'the clip playing at the receiver (currentTime)',
    );
    await screenshot(ivan.page, 'voice-playing.png');
    // it plays to the end and can be played again
    await ivan.page
      .locator('[data-testid="message"][data-direction="in"] [data-testid="voice-message"][data-state="paused"]')
      .waitFor({ timeout: WAIT });

    // a clip whose download was tampered with is refused with a clear message
    await hana.page.route('**/api/attachments/*', (route) =>
      route.request().method() === 'GET'
        ? route.fulfill({ status: 200, contentType: 'application/octet-stream', body: Buffer.alloc(64, 7) })
        : route.continue(),
    );
    await sent.getByTestId('voice-play').click();
    await hana.page.locator('[data-testid="message"][data-direction="out"] [data-testid="voice-message"][data-state="error"]').waitFor({ timeout: WAIT });
    assert.match(await sent.getByTestId('voice-error').innerText(), /校验失败/);

    assertNoProblems(hana, ivan);
  } finally {
    await hana.context.close();
    await ivan.context.close();
  }
});
