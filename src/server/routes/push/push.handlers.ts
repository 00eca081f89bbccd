import type { pushSubscriptionInputSchema } from '../../../shared/push';
import { currentUser } from '../../auth/guards';
import { isoNow } from '../../domain/context';
import {
  deletePushSubscription,
  listPushDevices,
  savePushSubscription,
} from '../../domain/push/subscriptions';
import { vapidPublicKey } from '../../domain/push/vapid-keys';
import type { AppHandler } from '../../http/app-env';
import type { JsonInput } from '../../http/validators';
import { pathParam } from '../../lib/params';

export const publicKey: AppHandler = async (c) => {
  const deps = c.get('deps');
  const key = await vapidPublicKey(deps.db, deps.connectors.secrets, deps.push.vapid, isoNow(deps));
  return c.json({ publicKey: key }, 200);
};

export const listMine: AppHandler = async (c) => {
  const items = await listPushDevices(c.get('deps').db, currentUser(c).id);
  return c.json({ items, nextCursor: null }, 200);
};

export const subscribe: AppHandler<JsonInput<typeof pushSubscriptionInputSchema>> = async (c) => {
  const deps = c.get('deps');
  const device = await savePushSubscription(deps.db, currentUser(c).id, c.req.valid('json'), {
    userAgent: c.req.header('User-Agent'),
    allowLoopback: deps.push.allowLoopback,
    at: isoNow(deps),
  });
  return c.json(device, 201);
};

export const unsubscribe: AppHandler = async (c) => {
  await deletePushSubscription(c.get('deps').db, currentUser(c).id, pathParam(c));
  return c.body(null, 204);
};
