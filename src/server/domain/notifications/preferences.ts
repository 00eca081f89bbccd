import {
  defaultNotificationPreferences,
  notificationPreferencesSchema,
  type NotificationChannelName,
  type NotificationPreferences,
} from '../../../shared/notifications';
import type { DbOrTrx } from '../../db/schema';
import type { NotificationEvent } from './channel';

export async function readPreferences(
  db: DbOrTrx,
  userId: string,
): Promise<NotificationPreferences> {
  const row = await db
    .selectFrom('notification_preferences')
    .select('data')
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row ? parseStored(row.data) : defaultNotificationPreferences;
}

export async function writePreferences(
  db: DbOrTrx,
  userId: string,
  preferences: NotificationPreferences,
  at: string,
): Promise<void> {
  const data = JSON.stringify(preferences);
  await db
    .insertInto('notification_preferences')
    .values({ user_id: userId, data, updated_at: at })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ data, updated_at: at }))
    .execute();
}

/** A stored document that no longer parses (an older shape) counts as the defaults. */
function parseStored(data: string): NotificationPreferences {
  try {
    const parsed = notificationPreferencesSchema.safeParse(JSON.parse(data));
    return parsed.success ? parsed.data : defaultNotificationPreferences;
  } catch {
    return defaultNotificationPreferences;
  }
}

export type Subscriber = { id: string; email: string | null; preferences: NotificationPreferences };

/**
 * Enabled users whose preferences turn `channel` on and whose scope covers the event. Users who never
 * saved preferences get the defaults, which leave email off.
 */
export async function subscribersFor(
  db: DbOrTrx,
  channel: NotificationChannelName,
  event: NotificationEvent,
): Promise<Subscriber[]> {
  const rows = await db
    .selectFrom('users')
    .innerJoin('notification_preferences', 'notification_preferences.user_id', 'users.id')
    .select(['users.id', 'users.email', 'notification_preferences.data'])
    .where('users.disabled_at', 'is', null)
    .execute();
  const subscribers = rows
    .map((row) => ({ id: row.id, email: row.email, preferences: parseStored(row.data) }))
    .filter((s) => s.preferences.channels[channel]);
  const team = subscribers.some((s) => s.preferences.scope.mode === 'groups')
    ? await teamOf(db, event.requestId)
    : noTeam;
  return subscribers.filter((s) => inScope(s.preferences, event, team.has(s.id)));
}

const noTeam: ReadonlySet<string> = new Set();

/** Who the request belongs to: the members of its group and its assignee. */
async function teamOf(db: DbOrTrx, requestId: string | null): Promise<ReadonlySet<string>> {
  if (requestId === null) return noTeam;
  const request = await db
    .selectFrom('requests')
    .select(['team_id', 'assignee_id'])
    .where('id', '=', requestId)
    .executeTakeFirst();
  if (!request) return noTeam;
  const members = request.team_id
    ? await db
        .selectFrom('team_members')
        .select('user_id')
        .where('team_id', '=', request.team_id)
        .execute()
    : [];
  const ids = new Set(members.map((m) => m.user_id));
  if (request.assignee_id) ids.add(request.assignee_id);
  return ids;
}

function inScope(
  preferences: NotificationPreferences,
  event: NotificationEvent,
  inTeam: boolean,
): boolean {
  const { scope } = preferences;
  if (scope.mode === 'all') return true;
  if (scope.mode === 'groups') return inTeam;
  if (scope.kinds.length > 0 && (event.kind === null || !scope.kinds.includes(event.kind))) {
    return false;
  }
  return scope.sources.length === 0 || scope.sources.includes(event.sourceId);
}

/**
 * When a notification may go out: at once, or, inside the user's quiet hours, when they end. Quiet
 * hours delay rather than drop, so nothing is lost; a job that waited is dropped at send time when its
 * request was answered meanwhile (see the email channel).
 */
export function quietHoursEnd(preferences: NotificationPreferences, at: Date): Date {
  const quiet = preferences.quietHours;
  if (!quiet) return at;
  const minutes = localMinutes(at, quiet.timeZone);
  const start = toMinutes(quiet.start);
  const end = toMinutes(quiet.end);
  if (start === end) return at;
  const inside =
    start < end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
  if (!inside) return at;
  const wait = (end - minutes + 24 * 60) % (24 * 60);
  const next = new Date(at.getTime() + wait * 60_000);
  next.setUTCSeconds(0, 0);
  return next;
}

const dailyDigestAt = 9 * 60;

/**
 * The next full hour for an hourly digest; for a daily one the next 09:00 in the user's time zone (the
 * one their quiet hours name), or 09:00 UTC when they set none.
 */
export function digestTime(preferences: NotificationPreferences, at: Date): Date {
  const mode = preferences.emailMode;
  if (mode === 'each') return at;
  const next = new Date(at);
  if (mode === 'hourly') {
    next.setUTCMinutes(0, 0, 0);
    next.setUTCHours(next.getUTCHours() + 1);
    return next;
  }
  const minutes = localMinutes(at, preferences.quietHours?.timeZone ?? 'UTC');
  const wait = (dailyDigestAt - minutes + 24 * 60) % (24 * 60) || 24 * 60;
  next.setTime(at.getTime() + wait * 60_000);
  next.setUTCSeconds(0, 0);
  return next;
}

function toMinutes(clock: string): number {
  const [h, m] = clock.split(':').map(Number);
  return h! * 60 + m!;
}

function localMinutes(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? 0);
  const minute = Number(parts.find((p) => p.type === 'minute')?.value ?? 0);
  return hour * 60 + minute;
}
