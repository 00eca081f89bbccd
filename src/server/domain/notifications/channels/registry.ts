import type { NotificationChannel } from '../channel';
import { emailChannel } from './email';
import { pushChannel } from './push';
import { slackChannel } from './slack';
import { webhookChannel } from './webhook';

/** Every channel the outbox fills and the worker sends; a new channel is one file and one line here. */
export const notificationChannelList: readonly NotificationChannel[] = [
  emailChannel,
  webhookChannel,
  slackChannel,
  pushChannel,
];

export function channelNamed(name: string): NotificationChannel | undefined {
  return notificationChannelList.find((channel) => channel.name === name);
}
