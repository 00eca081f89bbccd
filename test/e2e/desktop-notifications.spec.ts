import { expect, signIn, test, uniqueTitle } from './fixtures';

test.use({ permissions: ['notifications'] });

test('a reviewer with the tab in the background hears of a new request and its click opens the run', async ({
  page,
  agent,
}) => {
  // Headless Chromium has no desktop to show notifications on, nor a background tab: the page records
  // each Notification it makes (the real constructor still runs) and reports the tab hidden on cue.
  await page.addInitScript(() => {
    const shown: Notification[] = [];
    const Real = window.Notification;
    class Recording extends Real {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        shown.push(this);
      }
    }
    Object.defineProperty(window, 'Notification', { value: Recording });
    Object.assign(window, { shownNotifications: shown, tabHidden: false });
    Object.defineProperty(document, 'visibilityState', {
      get: () => ((window as unknown as { tabHidden: boolean }).tabHidden ? 'hidden' : 'visible'),
    });
  });
  await signIn(page, 'reviewer');
  await page.goto('/');
  await page.getByRole('button', { name: 'Desktop notifications: off' }).click();
  await expect(page.getByRole('button', { name: 'Desktop notifications: on' })).toBeVisible();
  await page.evaluate(() => Object.assign(window, { tabHidden: true }));

  const title = uniqueTitle('Background refund');
  const run = await agent.createRun({ title });
  await agent.ask(run.id, { kind: 'tool', tool: 'refund_order', input: { amount: 240 } });

  await expect
    .poll(() =>
      page.evaluate(() =>
        (window as unknown as { shownNotifications: Notification[] }).shownNotifications.map(
          (n) => `${n.title} | ${n.body}`,
        ),
      ),
    )
    .toEqual([`${title} | Tool call: refund_order`]);
  await expect
    .poll(() => page.locator('link[rel="icon"]').getAttribute('href'))
    .toMatch(/^\/waiting-icon\.svg\?count=\d+/);

  await page.evaluate(() =>
    (
      window as unknown as { shownNotifications: Notification[] }
    ).shownNotifications[0]!.dispatchEvent(new Event('click')),
  );
  await expect(page).toHaveURL(new RegExp(`/runs/${run.id}$`));
  await expect(page.getByRole('heading', { name: 'refund_order' })).toBeVisible();
});
