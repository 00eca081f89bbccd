import type { SlackIntegration } from '../../shared/notifications';
import type { List } from '../../shared/common';
import type { ManagedUser, User } from '../../shared/users';
import type { DashboardSession } from './admin-session';
import type { SlackReceiverOptions } from './slack-receiver';

/** The demo's Slack workspace: one channel, and the admin as the one Slack user who clicks. */
export const demoSlack: SlackReceiverOptions = {
  botToken: 'xoxb-countersign-demo',
  signingSecret: 'countersign-demo-signing-secret',
  channel: 'C0DEMOAPPROVALS',
  channelName: 'approvals',
  user: { id: 'U0DEMOADMIN', name: 'admin', email: 'admin@demo.countersign.test' },
};

/**
 * Connects the Slack integration to the stand-in, unless it already is, and gives the admin an email
 * so a click in Slack is matched to them (Slack users are matched to Countersign users by email).
 */
export async function connectDemoSlack(admin: DashboardSession): Promise<void> {
  const me = await admin.json<User>('GET', '/me');
  const users = await admin.json<List<ManagedUser>>('GET', '/users');
  const email = users.items.find((u) => u.id === me.id)?.email;
  if (email) demoSlack.user.email = email;
  else await admin.json('PATCH', `/users/${me.id}`, { email: demoSlack.user.email });
  const current = await admin.json<SlackIntegration>('GET', '/integrations/slack');
  if (current.connected && current.channel === demoSlack.channel) return;
  await admin.json('PUT', '/integrations/slack', {
    botToken: demoSlack.botToken,
    signingSecret: demoSlack.signingSecret,
    channel: demoSlack.channel,
  });
}
