import * as z from 'zod/mini';
import { idSchema, isoDateSchema } from './common';
import { requestKindSchema } from './requests';

export const notificationChannels = ['browser', 'push', 'email', 'slack'] as const;
export const notificationChannelSchema = z.enum(notificationChannels);
export type NotificationChannelName = z.infer<typeof notificationChannelSchema>;

export const emailSchema = z.email('Enter an email address').check(z.maxLength(254));

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const clockTime = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use HH:MM, 00:00–23:59'));

/**
 * What a user is notified about. `scope.mode` is `all`, `chosen` (kinds and sources, each empty for
 * "any") or `groups`: requests routed to a group they belong to, or claimed by them. Quiet hours delay notifications to
 * their end (see domain/notifications/recipients.ts); start after end spans midnight.
 */
export const notificationPreferencesSchema = z.object({
  channels: z.object({
    browser: z.boolean(),
    push: z.boolean(),
    email: z.boolean(),
    slack: z.boolean(),
  }),
  scope: z.object({
    mode: z.enum(['all', 'chosen', 'groups']),
    kinds: z.array(requestKindSchema).check(z.maxLength(20)),
    sources: z.array(idSchema).check(z.maxLength(100)),
  }),
  quietHours: z.nullable(
    z.object({
      start: clockTime,
      end: clockTime,
      timeZone: z.string().check(z.maxLength(100), z.refine(isTimeZone, 'Unknown time zone')),
    }),
  ),
  emailMode: z.enum(['each', 'hourly', 'daily']),
  quickActions: z.boolean(),
});
export type NotificationPreferences = z.infer<typeof notificationPreferencesSchema>;

export const defaultNotificationPreferences: NotificationPreferences = {
  channels: { browser: true, push: false, email: false, slack: false },
  scope: { mode: 'all', kinds: [], sources: [] },
  quietHours: null,
  emailMode: 'each',
  quickActions: false,
};

/** GET/PUT /api/v1/me/notifications: the preferences plus the user's own email. */
export const myNotificationsSchema = z.extend(notificationPreferencesSchema, {
  email: z.nullable(emailSchema),
});
export type MyNotifications = z.infer<typeof myNotificationsSchema>;

export const webhookEvents = [
  'request.created',
  'request.answered',
  'request.expired',
  'delivery.failed',
] as const;
export const webhookEventSchema = z.enum(webhookEvents);
export type WebhookEvent = z.infer<typeof webhookEventSchema>;

export const createWebhookSchema = z.object({
  url: z.string().check(z.maxLength(2000)),
  events: z.array(webhookEventSchema).check(z.minLength(1, 'Choose at least one event')),
});
export type CreateWebhook = z.infer<typeof createWebhookSchema>;

export const webhookSchema = z.object({
  id: idSchema,
  /** The URL without any user:password part. */
  url: z.string(),
  events: z.array(webhookEventSchema),
  createdAt: isoDateSchema,
});
export type Webhook = z.infer<typeof webhookSchema>;

/** One notification job as admins see it (delivery logs, failures). */
export const notificationJobSchema = z.object({
  id: idSchema,
  channel: z.string(),
  event: z.string(),
  recipient: z.string(),
  runId: z.nullable(z.string()),
  requestId: z.nullable(z.string()),
  status: z.enum(['pending', 'sent', 'failed', 'dropped']),
  attempts: z.number(),
  lastError: z.nullable(z.string()),
  createdAt: isoDateSchema,
  finishedAt: z.nullable(isoDateSchema),
});
export type NotificationJob = z.infer<typeof notificationJobSchema>;

const slackSecret = z.string().check(z.minLength(1, 'Required'), z.maxLength(500));

/** Connecting Slack: the bot token (`xoxb-…`), the app's signing secret, and the channel to post to. */
export const putSlackIntegrationSchema = z.object({
  botToken: slackSecret,
  signingSecret: slackSecret,
  channel: z.string().check(z.minLength(1, 'Required'), z.maxLength(200)),
});
export type PutSlackIntegration = z.infer<typeof putSlackIntegrationSchema>;

/** The last attempt to post to Slack since it was connected, when that attempt failed. */
export const slackPostingErrorSchema = z.object({
  message: z.string(),
  at: isoDateSchema,
  /** False once the job gave up; true while it is retried. */
  willRetry: z.boolean(),
});
export type SlackPostingError = z.infer<typeof slackPostingErrorSchema>;

/** The Slack integration as shown back: never its secrets. */
export const slackIntegrationSchema = z.object({
  connected: z.boolean(),
  channel: z.nullable(z.string()),
  updatedAt: z.nullable(isoDateSchema),
  lastError: z.optional(z.nullable(slackPostingErrorSchema)),
});
export type SlackIntegration = z.infer<typeof slackIntegrationSchema>;
