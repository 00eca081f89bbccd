import type { Locator, Page } from '@playwright/test';
import { button, expect, signIn, test, uniqueTitle } from './fixtures';

const plan = Array.from({ length: 120 }, (_, i) => `${i + 1}. Step ${i + 1} of the migration`).join(
  '\n',
);

async function inViewport(page: Page, locator: Locator) {
  const box = await locator.boundingBox();
  const height = page.viewportSize()!.height;
  return box !== null && box.y >= 0 && box.y + box.height <= height;
}

for (const viewport of [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
]) {
  test(`a 120-step plan is read on the page with Approve plan in reach (${viewport.name})`, async ({
    page,
    agent,
  }) => {
    await page.setViewportSize(viewport);
    const run = await agent.createRun({ title: uniqueTitle('Long plan'), customer: 'cust_123' });
    const request = await agent.ask(run.id, { kind: 'plan', plan });
    const answer = () => agent.waitForAnswer(request, { timeoutMs: 20_000 });

    await signIn(page, 'reviewer');
    await page.goto(`/runs/${run.id}`);
    const approve = button(page, 'Approve plan');
    await expect(approve).toBeVisible();
    // On opening (phone too), the answer is on the first screen, not below the run's metadata.
    expect(await inViewport(page, approve)).toBe(true);

    const last = page.getByText('Step 120 of the migration');
    const clipped = await last.evaluate((element) => {
      for (let box = element.parentElement; box; box = box.parentElement) {
        const { overflowY, maxHeight } = getComputedStyle(box);
        if (/auto|scroll|hidden/.test(overflowY) || maxHeight !== 'none') return true;
      }
      return false;
    });
    expect(clipped).toBe(false);
    await last.scrollIntoViewIfNeeded();
    expect(await inViewport(page, last)).toBe(true);
    expect(await inViewport(page, approve)).toBe(true);

    await approve.click();
    expect((await answer()).response).toEqual({ decision: 'approve' });
  });
}

test('a 160-character tool name and right-to-left text fit the page on a phone', async ({
  page,
  agent,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const tool = `refund_${'x'.repeat(153)}`;
  const run = await agent.createRun({ title: uniqueTitle('Awkward') });
  await agent.ask(run.id, { kind: 'tool', tool, input: {}, reason: 'الطرد وصل تالفًا' });

  await signIn(page, 'reviewer');
  await page.goto(`/runs/${run.id}`);
  await expect(button(page, 'Approve')).toBeVisible();
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  const reason = page.getByText('الطرد وصل تالفًا');
  expect(await reason.evaluate((element) => getComputedStyle(element).direction)).toBe('rtl');
});
