// Trust on first use and its two exits: a friend's key changes (banner, sending blocked until accepted) and a
// friendship ends (history wiped after confirmation).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  assertNoProblems,
  befriend,
  launchBrowser,
  openConversation,
  openUser,
  register,
  republishKeys,
  send,
  tid,
  uniqueName,
  waitForIncoming,
  WAIT,
} from './support.mjs';

const password = 'Quiet-harbor-42-lights';
let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

async function friends() {
  const carol = await openUser(browser, 'carol');
  const dave = await openUser(browser, 'dave');
  carol.username = uniqueName('carol');
  dave.username = uniqueName('dave');
  await register(carol, carol.username, password);
  await register(dave, dave.username, password);
  await befriend(carol, dave);
  return [carol, dave];
}

test('a key republished through the API shows the banner and blocks sending until accepted', async () => {
  const [carol, dave] = await friends();
  try {
    await openConversation(carol, dave.username);
    await send(carol, 'before the change');
    await openConversation(dave, carol.username);
    await waitForIncoming(dave.page, 'before the change');

    // the safety number is the same on both sides
    await tid(carol.page, 'safety-open').click();
    const carolDigits = (await tid(carol.page, 'safety-digits').innerText()).replace(/\s+/g, ' ').trim();
    await tid(dave.page, 'safety-open').click();
    const daveDigits = (await tid(dave.page, 'safety-digits').innerText()).replace(/\s+/g, ' ').trim();
    assert.match(carolDigits, /^(\d{5} ){11}\d{5}$/);
    assert.equal(carolDigits, daveDigits);
    await tid(carol.page, 'safety-verify').click();
    await carol.page.keyboard.press('Escape');
    await dave.page.keyboard.press('Escape');

    await republishKeys(dave.username, password);

    await tid(carol.page, 'key-changed-banner').waitFor({ timeout: WAIT });
    assert.ok(await tid(carol.page, 'composer-input').isDisabled(), 'sending is blocked while the key change is pending');

    await tid(carol.page, 'key-accept').click();
    await tid(carol.page, 'key-changed-banner').waitFor({ state: 'detached', timeout: WAIT });
    assert.ok(await tid(carol.page, 'composer-input').isEnabled());
    assertNoProblems(carol, dave);
  } finally {
    await carol.context.close();
    await dave.context.close();
  }
});

test('deleting a friend asks first, then ends the friendship and wipes the history', async () => {
  const [carol, dave] = await friends();
  try {
    await openConversation(carol, dave.username);
    await send(carol, 'soon forgotten');
    await openConversation(dave, carol.username);
    await waitForIncoming(dave.page, 'soon forgotten');

    await tid(carol.page, 'nav-friends').click();
    const item = carol.page.locator(`[data-testid="friend-item"][data-username="${dave.username}"]`);
    await item.click({ button: 'right' });
    await tid(carol.page, 'menu-delete-friend').click();
    await tid(carol.page, 'confirm-cancel').click();
    assert.equal(await item.count(), 1, 'cancelling keeps the friend');

    await item.click({ button: 'right' });
    await tid(carol.page, 'menu-delete-friend').click();
    await tid(carol.page, 'confirm-ok').click();
    await item.waitFor({ state: 'detached', timeout: WAIT });

    await tid(carol.page, 'nav-chats').click();
    assert.equal(await carol.page.locator(`[data-testid="chat-item"][data-peer="${dave.username}"]`).count(), 0);
    assert.equal(await carol.page.getByText('soon forgotten').count(), 0, 'the history is gone');
    // Dave sees the friendship end too
    await tid(dave.page, 'nav-friends').click();
    await dave.page
      .locator(`[data-testid="friend-item"][data-username="${carol.username}"]`)
      .waitFor({ state: 'detached', timeout: WAIT });
    assertNoProblems(carol, dave);
  } finally {
    await carol.context.close();
    await dave.context.close();
  }
});
