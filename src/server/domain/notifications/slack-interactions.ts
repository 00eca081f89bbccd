import type { User } from '../../../shared/users';
import type { Db } from '../../db/schema';
import { callSlack, type SlackHttp } from '../../lib/slack-api';
import { answerRequest } from '../answers';
import type { DomainContext } from '../context';
import { toUser } from '../mappers';
import { canAnswer } from '../../../shared/users';
import type { SlackSettings } from './slack-integration';

/** What a click carries: who clicked, in which channel, and the button's `requestId:decision`. */
export type SlackClick = { slackUserId: string; channel: string; value: string };

const maxCachedUsers = 1000;
const cacheMs = 5 * 60_000;
type UserCache = Map<string, { userId: string | null; at: number }>;
/** Per database, Slack user id → Countersign user id; bounded, oldest dropped first. */
const userCaches = new WeakMap<Db, UserCache>();

function cacheOf(db: Db): UserCache {
  let cache = userCaches.get(db);
  if (!cache) {
    cache = new Map();
    userCaches.set(db, cache);
  }
  return cache;
}

function remember(userCache: UserCache, slackUserId: string, userId: string | null, at: number) {
  userCache.delete(slackUserId);
  userCache.set(slackUserId, { userId, at });
  while (userCache.size > maxCachedUsers) {
    const oldest = userCache.keys().next().value;
    if (oldest === undefined) break;
    userCache.delete(oldest);
  }
}

export type SlackCallContext = { http: SlackHttp; apiUrl: string; settings: SlackSettings };

async function countersignUser(
  db: Db,
  slack: SlackCallContext,
  slackUserId: string,
  now: number,
): Promise<User | null> {
  const userCache = cacheOf(db);
  const cached = userCache.get(slackUserId);
  let userId = cached && now - cached.at < cacheMs ? cached.userId : undefined;
  if (userId === undefined) {
    const info = await callSlack(slack.http, slack.apiUrl, slack.settings.botToken, 'users.info', {
      user: slackUserId,
    });
    const profile = info.ok
      ? (info.body.user as { profile?: { email?: unknown } } | undefined)?.profile
      : undefined;
    const email = typeof profile?.email === 'string' ? profile.email.toLowerCase() : null;
    const row = email
      ? await db
          .selectFrom('users')
          .select('id')
          .where('disabled_at', 'is', null)
          .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
          .executeTakeFirst()
      : undefined;
    userId = row?.id ?? null;
    if (info.ok) remember(userCache, slackUserId, userId, now);
  }
  if (!userId) return null;
  const row = await db
    .selectFrom('users')
    .select(['id', 'username', 'role'])
    .where('id', '=', userId)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
  return row ? toUser(row) : null;
}

const directDecisions: Record<string, Record<string, unknown>> = {
  approve: { decision: 'approve' },
  deny: { decision: 'deny' },
};

/**
 * Answers a request from a Slack button through the same domain function as the web app: the first
 * answer wins, and whoever lost (or may not answer) is told so in an ephemeral message.
 */
export async function handleSlackClick(
  ctx: DomainContext,
  slack: SlackCallContext,
  click: SlackClick,
): Promise<void> {
  const ephemeral = (text: string) =>
    callSlack(slack.http, slack.apiUrl, slack.settings.botToken, 'chat.postEphemeral', {
      channel: click.channel,
      user: click.slackUserId,
      text,
    });
  const [requestId, decision] = click.value.split(':');
  const body = decision ? directDecisions[decision] : undefined;
  if (!requestId || !body) return;
  const user = await countersignUser(ctx.db, slack, click.slackUserId, ctx.now().getTime());
  if (!user) {
    await ephemeral(
      'Countersign does not know your Slack email address, so you cannot answer here.',
    );
    return;
  }
  if (!canAnswer(user.role)) {
    await ephemeral('You may not answer requests in Countersign.');
    return;
  }
  const result = await answerRequest(ctx, user, requestId, body, undefined, {
    actor: user.username,
    actorId: user.id,
    ip: null,
    userAgent: 'Slack',
  }).catch(() => null);
  if (result?.status === 200) return;
  const row = await ctx.db
    .selectFrom('requests')
    .select(['status', 'answered_by'])
    .where('id', '=', requestId)
    .executeTakeFirst();
  await ephemeral(
    row?.answered_by
      ? `${row.answered_by} already answered this request.`
      : `This request can no longer be answered (${row?.status ?? 'not found'}).`,
  );
}
