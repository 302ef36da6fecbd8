// Two people meet, chat both ways, one goes offline and still gets every message in order; the relay keeps none of
// the plaintexts.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  assertNoProblems,
  befriend,
  incomingTexts,
  launchBrowser,
  login,
  logout,
  openConversation,
  openUser,
  plaintextLeaks,
  register,
  relayDatabase,
  screenshot,
  send,
  tid,
  uniqueName,
  waitForIncoming,
  WAIT,
} from './support.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test('two users befriend each other, chat both ways, and offline messages arrive in order after login', async () => {
  const password = 'Lantern-river-7-mountain';
  const alice = await openUser(browser, 'alice');
  const bob = await openUser(browser, 'bob');
  alice.username = uniqueName('alice');
  bob.username = uniqueName('bob');
  const sent = [];
  const db = await relayDatabase();
  try {
    await tid(alice.page, 'auth-username').waitFor({ timeout: WAIT });
    await screenshot(alice.page, 'login.png');

    await register(alice, alice.username, password);
    await register(bob, bob.username, password);
    await befriend(alice, bob);

    // presence: both are logged in, so each sees the other online
    await alice.page
      .locator(`[data-testid="friend-item"][data-username="${bob.username}"][data-online="true"]`)
      .waitFor({ timeout: WAIT });
    await screenshot(alice.page, 'main.png');

    await openConversation(alice, bob.username);
    const hello = `你好 ${bob.username}，这是密语 🌸`;
    await send(alice, hello);
    sent.push(hello);
    await openConversation(bob, alice.username);
    await waitForIncoming(bob.page, hello);

    const reply = `Hi ${alice.username} — <b>not bold</b> & safe`;
    await send(bob, reply);
    sent.push(reply);
    await waitForIncoming(alice.page, reply);
    // network text is rendered as text, never as HTML
    assert.equal(await alice.page.locator('[data-testid="message-text"] b').count(), 0);
    // Alice's message reached Bob, whose receipt marks it delivered
    await alice.page
      .locator('[data-testid="message"][data-direction="out"][data-status="delivered"]', { hasText: hello })
      .waitFor({ timeout: WAIT });
    await screenshot(alice.page, 'conversation.png');

    // Bob leaves: Alice sees him go offline
    await logout(bob);
    await alice.page
      .locator(`[data-testid="friend-item"][data-username="${bob.username}"][data-online="false"]`)
      .waitFor({ timeout: WAIT });

    await openConversation(alice, bob.username);
    const offline = ['第一条 one', '第二条 two', '第三条 three'].map((t) => `${t} ${Date.now()}`);
    for (const text of offline) {
      await send(alice, text);
      sent.push(text);
    }
    for (const text of offline) {
      await alice.page
        .locator('[data-testid="message"][data-direction="out"][data-status="accepted"]', { hasText: text })
        .waitFor({ timeout: WAIT });
    }

    // while Bob is away the relay holds the three envelopes — as ciphertext only
    const queued = await db.query(
      'SELECT body FROM envelopes e JOIN sent_envelopes s ON s.id = e.id AND s.recipient_id = e.recipient_id ' +
        'WHERE e.sender_name = $1',
      [alice.username],
    );
    assert.equal(queued.rowCount, 3, 'the three offline messages wait in the relay queue');
    for (const row of queued.rows) {
      const envelope = JSON.parse(row.body.toString('utf8'));
      assert.ok(envelope.ct && envelope.iv && envelope.kx, 'an envelope is ciphertext with its key exchange');
    }
    assert.deepEqual(await plaintextLeaks(db, sent), []);

    await login(bob, bob.username, password);
    await openConversation(bob, alice.username);
    for (const text of offline) {
      await waitForIncoming(bob.page, text);
    }
    const texts = await incomingTexts(bob.page);
    const positions = offline.map((t) => texts.findIndex((x) => x.includes(t)));
    assert.deepEqual([...positions].sort((a, b) => a - b), positions, `offline messages in order: ${positions}`);
    assert.ok(texts.some((t) => t.includes(hello)), 'history from before the logout is still there');

    await alice.page
      .locator(`[data-testid="friend-item"][data-username="${bob.username}"][data-online="true"]`)
      .waitFor({ timeout: WAIT });
    assert.deepEqual(await plaintextLeaks(db, sent), []);
    assertNoProblems(alice, bob);
  } finally {
    await db.end();
    await alice.context.close();
    await bob.context.close();
  }
});
