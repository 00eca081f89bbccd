import { createTransport } from 'nodemailer';
import type { NotificationJobRow } from '../../../db/schema';
import type { NotificationChannel, NotificationRuntime, SendResult } from '../channel';
import { digestTime, quietHoursEnd, readPreferences, subscribersFor } from '../preferences';
import { unsubscribeToken } from '../unsubscribe';
import { renderEmail, type EmailItem } from './email-render';

/** Events people are emailed about: something to decide. Answers and expiries go to webhooks. */
const emailedEvents = new Set(['request.created', 'request.reminder']);

/**
 * Email over SMTP. Jobs of one user that are due together (an hourly or daily digest, or several
 * requests after quiet hours) go out as one message. A request answered while its job waited is left
 * out; when nothing is left, the jobs are dropped.
 */
export const emailChannel: NotificationChannel = {
  name: 'email',
  batches: true,
  async recipients(trx, event, at) {
    if (!emailedEvents.has(event.name)) return [];
    const subscribers = await subscribersFor(trx, 'email', event);
    return subscribers
      .filter((s) => s.email !== null)
      .map((s) => {
        const quietEnd = quietHoursEnd(s.preferences, at);
        const digest = digestTime(s.preferences, at);
        return { id: s.id, dueAt: quietEnd > digest ? quietEnd : digest };
      });
  },
  async send(jobs, runtime) {
    const { smtpUrl, mailFrom } = runtime.config;
    if (!smtpUrl || !mailFrom) return { outcome: 'drop', reason: 'Email is not configured' };
    const userId = jobs[0]!.recipient;
    const user = await runtime.db
      .selectFrom('users')
      .select(['email', 'disabled_at'])
      .where('id', '=', userId)
      .executeTakeFirst();
    const preferences = await readPreferences(runtime.db, userId);
    if (!user?.email || user.disabled_at !== null || !preferences.channels.email) {
      return { outcome: 'drop', reason: 'The user no longer receives email' };
    }
    const items = await itemsFor(jobs, runtime);
    if (items.length === 0) return { outcome: 'drop', reason: 'Answered before it was sent' };
    const base = (runtime.config.publicUrl ?? '').replace(/\/+$/, '');
    const unsubscribeUrl = `${base}/api/v1/notifications/unsubscribe?token=${encodeURIComponent(
      unsubscribeToken(runtime.secrets, userId),
    )}`;
    const message = renderEmail(items, base, unsubscribeUrl);
    return deliver(smtpUrl, {
      from: mailFrom,
      to: user.email,
      subject: message.subject,
      text: message.text,
      html: message.html,
      headers: { 'List-Unsubscribe': `<${unsubscribeUrl}>` },
    });
  },
};

async function itemsFor(
  jobs: readonly NotificationJobRow[],
  runtime: NotificationRuntime,
): Promise<EmailItem[]> {
  const items: EmailItem[] = [];
  for (const job of jobs) {
    if (!job.request_id) continue;
    const row = await runtime.db
      .selectFrom('requests')
      .innerJoin('runs', 'runs.id', 'requests.run_id')
      .select([
        'requests.kind',
        'requests.status',
        'requests.payload',
        'requests.expires_at',
        'runs.id as runId',
        'runs.title',
      ])
      .where('requests.id', '=', job.request_id)
      .executeTakeFirst();
    if (!row || row.status !== 'pending') continue;
    items.push({
      reminder: job.event === 'request.reminder',
      kind: row.kind,
      runId: row.runId,
      runTitle: row.title,
      summary: summaryOf(row.payload),
      expiresAt: row.expires_at,
    });
  }
  return items;
}

function summaryOf(payload: string): string {
  try {
    const parsed = JSON.parse(payload) as Record<string, unknown>;
    const parts = [parsed.tool ?? parsed.title, parsed.reason ?? parsed.message ?? parsed.summary];
    return parts
      .filter((v): v is string => typeof v === 'string' && v.length > 0)
      .join(': ')
      .slice(0, 500);
  } catch {
    return '';
  }
}

async function deliver(
  smtpUrl: string,
  mail: Parameters<ReturnType<typeof createTransport>['sendMail']>[0],
): Promise<SendResult> {
  const transport = createTransport(smtpUrl);
  try {
    await transport.sendMail(mail);
    return { outcome: 'ok' };
  } catch (error) {
    const code = (error as { responseCode?: number }).responseCode;
    const text = `The mail server refused: ${error instanceof Error ? error.message : String(error)}`;
    // 5xx is permanent (bad address, refused); anything else may pass later.
    return code !== undefined && code >= 500
      ? { outcome: 'fatal', error: text }
      : { outcome: 'retry', error: text };
  } finally {
    transport.close();
  }
}
