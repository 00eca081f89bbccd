import * as z from 'zod/mini';
import { idSchema, isoDateSchema } from './common';

const base64Url = (max: number) =>
  z
    .string()
    .check(z.minLength(1), z.maxLength(max), z.regex(/^[A-Za-z0-9_-]+={0,2}$/, 'base64url'));

/** A browser's PushSubscription as `toJSON()` gives it (extra fields such as expirationTime ignored). */
export const pushSubscriptionInputSchema = z.object({
  endpoint: z.string().check(z.minLength(1), z.maxLength(2000)),
  keys: z.object({ p256dh: base64Url(200), auth: base64Url(100) }),
});
export type PushSubscriptionInput = z.infer<typeof pushSubscriptionInputSchema>;

/** One of the user's devices as listed back: never its endpoint or keys. */
export const pushDeviceSchema = z.object({
  id: idSchema,
  label: z.string(),
  createdAt: isoDateSchema,
});
export type PushDevice = z.infer<typeof pushDeviceSchema>;

export const pushPublicKeySchema = z.object({ publicKey: z.string() });

/** What a push carries; the service worker shows it as text only. */
export type PushPayload = {
  title: string;
  body: string;
  url: string;
  requestId: string;
  actions: { action: 'approve' | 'deny'; title: string }[];
};
