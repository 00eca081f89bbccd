import type { Page } from '@playwright/test';
import { expect } from '../fixtures';

/** Long enough for a poll (every 300 ms) and a live update on a busy machine. */
export const arrivalTimeout = 15_000;

/**
 * Opens the inbox and waits for its live stream: a run created after that shows up without a reload.
 * (The inbox does not refetch when its stream first opens, so a run created between its first load and
 * that moment would only appear with the next event.)
 */
export async function openLiveInbox(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByRole('status').filter({ hasText: /^Live$/ })).toBeVisible();
}

/**
 * Waits for the run to arrive in the open inbox (live, without a reload), opens it, and returns the run
 * page's path for later visits.
 */
export async function openFromInbox(page: Page, title: string): Promise<string> {
  const link = page.getByRole('link', { name: title, exact: true });
  await expect(link).toBeVisible({ timeout: arrivalTimeout });
  await link.click();
  await expect(page).toHaveURL(/\/runs\/run_/);
  return new URL(page.url()).pathname;
}

/** Opens the run page and waits until it shows `count` answers delivered to the platform. */
export async function expectDelivered(page: Page, runPath: string, count = 1): Promise<void> {
  await page.goto(runPath);
  await expect(page.getByText('Delivered to the agent', { exact: true })).toHaveCount(count, {
    timeout: arrivalTimeout,
  });
}
