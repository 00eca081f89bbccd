import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app';

let webDir: string;
let t: TestApp;

beforeAll(async () => {
  webDir = await mkdtemp(join(tmpdir(), 'countersign-icon-'));
  await writeFile(join(webDir, 'index.html'), '<!doctype html><title>Countersign</title>');
  t = await createTestApp({ webDir });
});
afterAll(async () => {
  await t.close();
  await rm(webDir, { recursive: true, force: true });
});

describe('the waiting icon', () => {
  it('draws the count, at most 99+, as an SVG from the app itself', async () => {
    const three = await t.app.request('/waiting-icon.svg?count=3');
    expect(three.status).toBe(200);
    expect(three.headers.get('Content-Type')).toBe('image/svg+xml');
    expect(await three.text()).toContain('>3</text>');
    const many = await t.app.request('/waiting-icon.svg?count=200%2B');
    expect(await many.text()).toContain('>99+</text>');
  });

  it('refuses anything but a number, so nothing a client sends reaches the SVG', async () => {
    for (const count of ['', '<script>', '3%3Cscript%3E', '1e3', '-1', '1234567']) {
      const res = await t.app.request(`/waiting-icon.svg?count=${count}`);
      expect(res.status, count).toBe(400);
      expect(await res.text()).not.toContain('<svg');
    }
  });
});
