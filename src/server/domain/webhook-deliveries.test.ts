import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliveryMemoryMs } from '../connectors/connector';
import { createTestApp, type TestApp } from '../testing/test-app';
import {
  claimWebhookDelivery,
  pruneWebhookDeliveries,
  settleWebhookDelivery,
} from './webhook-deliveries';

let t: TestApp;
const now = new Date('2026-03-01T10:00:00.000Z');
const minutes = (n: number) => new Date(now.getTime() + n * 60_000);

beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

const remembered = () =>
  t.db
    .selectFrom('webhook_deliveries')
    .select(['delivery_id', 'state'])
    .orderBy('delivery_id')
    .execute();

describe('remembered webhook deliveries', () => {
  it('takes an id once: done is seen, in flight is busy, failed is forgotten, abandoned is taken again', async () => {
    const delivery = { id: 'msg_1', sentAt: now };
    expect(await claimWebhookDelivery(t.db, 'src_a', delivery, now)).toBe('new');
    expect(await claimWebhookDelivery(t.db, 'src_a', delivery, minutes(1))).toBe('busy');
    // Another source may use the same id.
    expect(await claimWebhookDelivery(t.db, 'src_b', delivery, now)).toBe('new');

    await settleWebhookDelivery(t.db, 'src_a', 'msg_1', false);
    expect(await claimWebhookDelivery(t.db, 'src_a', delivery, minutes(1))).toBe('new');
    await settleWebhookDelivery(t.db, 'src_a', 'msg_1', true);
    expect(await claimWebhookDelivery(t.db, 'src_a', delivery, minutes(2))).toBe('seen');

    // A process that died while processing leaves the row in flight: after the lease it is taken again.
    expect(await claimWebhookDelivery(t.db, 'src_b', delivery, minutes(1))).toBe('busy');
    expect(await claimWebhookDelivery(t.db, 'src_b', delivery, minutes(3))).toBe('new');
  });

  it('counts concurrent claims of one id once', async () => {
    const delivery = { id: 'msg_race', sentAt: now };
    const claims = await Promise.all(
      Array.from({ length: 8 }, () => claimWebhookDelivery(t.db, 'src_a', delivery, now)),
    );
    expect(claims.filter((c) => c === 'new')).toHaveLength(1);
    expect(claims.filter((c) => c === 'busy')).toHaveLength(7);
  });

  it('is bounded: ids sent longer ago than they are remembered are pruned, and a full source refuses new ones', async () => {
    const old = new Date(now.getTime() - deliveryMemoryMs - 1000);
    await claimWebhookDelivery(t.db, 'src_a', { id: 'msg_old', sentAt: old }, now);
    await claimWebhookDelivery(t.db, 'src_a', { id: 'msg_new', sentAt: now }, now);
    expect(await pruneWebhookDeliveries(t.db, now)).toBe(1);
    expect(await remembered()).toEqual([{ delivery_id: 'msg_new', state: 'processing' }]);

    const limit = 3;
    for (const id of ['msg_2', 'msg_3']) {
      expect(await claimWebhookDelivery(t.db, 'src_a', { id, sentAt: now }, now, limit)).toBe(
        'new',
      );
    }
    expect(
      await claimWebhookDelivery(t.db, 'src_a', { id: 'msg_4', sentAt: now }, now, limit),
    ).toBe('full');
    // An id it already holds is still recognised.
    await settleWebhookDelivery(t.db, 'src_a', 'msg_2', true);
    expect(
      await claimWebhookDelivery(t.db, 'src_a', { id: 'msg_2', sentAt: now }, now, limit),
    ).toBe('seen');
    expect(
      await claimWebhookDelivery(t.db, 'src_b', { id: 'msg_4', sentAt: now }, now, limit),
    ).toBe('new');
  });
});
