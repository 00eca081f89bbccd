import { readFile } from 'node:fs/promises';
import { verifyChain } from '../../src/server/lib/audit-chain';
import { expect, signIn, test } from './fixtures';

test('an admin downloads the audit chain from the Audit page and it verifies intact', async ({
  page,
}) => {
  await signIn(page, 'admin');
  await page.goto('/audit');
  const downloading = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Export for verification' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^countersign-audit-\d{4}-\d{2}-\d{2}\.jsonl$/);
  const text = await readFile((await download.path())!, 'utf8');
  const report = verifyChain(text);
  expect(report).toMatchObject({ intact: true });
  expect(text).toContain('"action":"session.signed_in"');
});
