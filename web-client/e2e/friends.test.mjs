// Finding a friend without typing: a picture of someone's QR code, uploaded, sends them a request.
import { after, before, test } from 'node:test';
import { assertNoProblems, launchBrowser, openUser, register, tid, uniqueName, WAIT } from './support.mjs';

const password = 'Paper-kite-31-harbor';
let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test('an uploaded picture of a friend code sends that user a friend request', async () => {
  const erin = await openUser(browser, 'erin');
  const frank = await openUser(browser, 'frank');
  erin.username = uniqueName('erin');
  frank.username = uniqueName('frank');
  try {
    await register(erin, erin.username, password);
    await register(frank, frank.username, password);

    // Erin shows her code; Frank takes a picture of it (a screenshot of the rendered code, not its text)
    await tid(erin.page, 'nav-profile').click();
    const picture = await tid(erin.page, 'my-qr').screenshot();

    await tid(frank.page, 'nav-friends').click();
    await tid(frank.page, 'scan-qr-upload').setInputFiles({ name: 'friend-code.png', mimeType: 'image/png', buffer: picture });

    await tid(erin.page, 'nav-requests').click();
    const request = erin.page.locator(`[data-testid="request-incoming"][data-username="${frank.username}"]`);
    await request.waitFor({ timeout: WAIT });
    await request.getByTestId('request-accept').click();
    await tid(frank.page, 'nav-friends').click();
    await frank.page.locator(`[data-testid="friend-item"][data-username="${erin.username}"]`).waitFor({ timeout: WAIT });
    assertNoProblems(erin, frank);
  } finally {
    await erin.context.close();
    await frank.context.close();
  }
});
