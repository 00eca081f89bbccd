import type { Countersign } from '../../../shared/requests';
import type { User } from '../../../shared/users';
import type { Db } from '../../db/schema';
import { callSlack, type SlackHttp } from '../../lib/slack-api';
import { answerRequest } from '../answers';
import type { DomainContext } from '../context';
import { toUser } from '../mappers';
import { canAnswer } from '../../../shared/users';
import type { SlackSettings } from './slack-integration';
import { isModalDecision, requestModal, type ModalDecision } from './slack-modals';

/**
 * What a click carries: who clicked, in which channel, the button's `requestId:decision`, and the
 * `trigger_id` Slack gives for opening a modal (valid for 3 seconds).
 */
export type SlackClick = {
  slackUserId: string;
  channel: string;
  value: string;
  triggerId?: string;
};

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

/** The Countersign user a Slack user is, matched by email (disabled users are nobody). */
export async function countersignUser(
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
  const body =
    decision && Object.hasOwn(directDecisions, decision) ? directDecisions[decision] : undefined;
  const modal = decision && isModalDecision(decision) ? decision : undefined;
  if (!requestId || (!body && !modal)) return;
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
  if (modal) {
    const opened = await openModal(ctx, slack, modal, requestId, click.triggerId);
    if (opened === 'opened') return;
    if (opened === 'unavailable') {
      await ephemeral('Slack could not show this form; answer in Countersign instead.');
      return;
    }
    await ephemeral(await whyClosed(ctx, requestId));
    return;
  }
  const result = await answerRequest(ctx, user, requestId, body, undefined, {
    actor: user.username,
    actorId: user.id,
    ip: null,
    userAgent: 'Slack',
  }).catch(() => null);
  if (result?.status === 200) {
    // A countersigned call is still waiting after one approval: say that it counted, and for what.
    const held = stillHeld(result.body);
    if (held) await ephemeral(held);
    return;
  }
  await ephemeral(alreadyApproved(result?.body) ?? (await whyClosed(ctx, requestId)));
}

function stillHeld(body: unknown): string | null {
  const request = body as { status?: unknown; countersign?: Countersign } | null;
  if (request?.status !== 'pending' || !request.countersign) return null;
  const { approvals, required } = request.countersign;
  return `Your approval counts: ${approvals.length} of ${required}. It waits for ${required - approvals.length} more from someone else.`;
}

function alreadyApproved(body: unknown): string | null {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  return error?.code === 'already_approved' && typeof error.message === 'string'
    ? error.message
    : null;
}

/** Why a request cannot be answered any more: who answered it, or what became of it. */
export async function whyClosed(ctx: DomainContext, requestId: string): Promise<string> {
  const row = await ctx.db
    .selectFrom('requests')
    .select(['status', 'answered_by'])
    .where('id', '=', requestId)
    .executeTakeFirst();
  return row?.answered_by
    ? `${row.answered_by} already answered this request.`
    : `This request can no longer be answered (${row?.status ?? 'not found'}).`;
}

/** The request a modal is about, while it is still pending and of the kind the button belongs to. */
export async function pendingRequestFor(
  ctx: DomainContext,
  requestId: string,
  decision: ModalDecision,
) {
  const row = await ctx.db
    .selectFrom('requests')
    .innerJoin('runs', 'runs.id', 'requests.run_id')
    .select(['requests.id', 'requests.kind', 'requests.payload', 'requests.status', 'runs.title'])
    .where('requests.id', '=', requestId)
    .executeTakeFirst();
  if (!row || row.status !== 'pending' || row.kind !== modalKinds[decision]) return null;
  return {
    id: row.id,
    runTitle: row.title,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
  };
}

const modalKinds: Record<ModalDecision, string> = {
  revise: 'plan',
  reject: 'review',
  answer: 'questions',
};

async function openModal(
  ctx: DomainContext,
  slack: SlackCallContext,
  decision: ModalDecision,
  requestId: string,
  triggerId: string | undefined,
): Promise<'opened' | 'closed' | 'unavailable'> {
  const request = await pendingRequestFor(ctx, requestId, decision);
  if (!request) return 'closed';
  const view = requestModal(decision, request);
  if (!view || !triggerId) return 'unavailable';
  const result = await callSlack(slack.http, slack.apiUrl, slack.settings.botToken, 'views.open', {
    trigger_id: triggerId,
    view,
  });
  return result.ok ? 'opened' : 'unavailable';
}
