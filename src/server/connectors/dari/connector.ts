import * as z from 'zod/mini';
import {
  WebhookBodyError,
  type Connector,
  type ConnectorSource,
  isDeliveryOf,
  type DeliveryInputOf,
  type DeliveryResult,
  type PlatformContext,
} from '../connector';
import {
  attempt,
  callPlatform,
  classifyReply,
  isOk,
  joinUrl,
  platformMessage,
  PlatformUnreachable,
  type CallOptions,
  type PlatformReply,
} from '../kit/http';
import { storedText } from '../kit/external-data';
import { objectOrNull, parseWebhookBody } from '../kit/webhook-body';
import { PlatformReplyError, readReply } from '../kit/platform-reply';
import {
  batchOf,
  dariJobSchema,
  isFinishedStatus,
  toEvent,
  type DariAddress,
  type DariJob,
} from './dari-discovery';
import { verifyDariWebhook } from './dari-signature';

const settingsSchema = z.object({
  orgId: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  endpointName: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  pathPrefix: z.optional(z.enum(['/jobs', '/task'])),
  timeoutMinutes: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(24 * 60))),
});
const secretsSchema = z.object({
  apiKey: z.string().check(z.minLength(1)),
  webhookSecret: z.optional(z.string().check(z.minLength(1))),
});
type Settings = z.infer<typeof settingsSchema>;
type Secrets = z.infer<typeof secretsSchema>;
type Source = ConnectorSource<Settings, Secrets>;

const label = 'Dari';
const defaultTimeoutMinutes = 30;
const knownJobsPerPoll = 50;

function addressOf(source: Source): DariAddress {
  return { orgId: source.settings.orgId, endpointName: source.settings.endpointName };
}

/** A job stays addressed where it was found, even if the source's settings change later. */
function jobAddress(
  source: Source,
  externalData: Record<string, unknown>,
): DariAddress & { jobId: string } {
  const { orgId, endpointName, jobId } = externalData;
  return {
    orgId: typeof orgId === 'string' ? orgId : source.settings.orgId,
    endpointName: typeof endpointName === 'string' ? endpointName : source.settings.endpointName,
    jobId: typeof jobId === 'string' ? jobId : '',
  };
}

function jobCall(
  source: Source,
  ctx: PlatformContext,
  address: DariAddress & { jobId: string },
  action: 'status' | 'answer' | 'stop',
  options: CallOptions,
): Promise<PlatformReply> {
  const prefix = source.settings.pathPrefix ?? '/jobs';
  const path = `${prefix}/${encodeURIComponent(address.orgId)}/${encodeURIComponent(address.endpointName)}/${action}`;
  return callPlatform(ctx.http, joinUrl(source.baseUrl, path, { job_id: address.jobId }), {
    ...options,
    headers: { 'X-API-Key': source.secrets.apiKey, ...options.headers },
  });
}

async function jobStatus(
  source: Source,
  ctx: PlatformContext,
  address: DariAddress & { jobId: string },
): Promise<DariJob> {
  const reply = await jobCall(source, ctx, address, 'status', { method: 'GET' });
  if (!isOk(reply))
    throw new Error(`Job ${address.jobId}: Dari answered ${platformMessage(reply)}`);
  const job = readReply(dariJobSchema, reply.body, `Dari's status of job ${address.jobId}`);
  return { ...job, job_id: job.job_id || address.jobId };
}

function timeoutOf(source: Source): number {
  return source.settings.timeoutMinutes ?? defaultTimeoutMinutes;
}

/** Every answer of the batch in one call (the HITL guide), or the older single-question body. */
function answerBody(input: DeliveryInputOf<'questions'>): Record<string, unknown> {
  const { format, batchId, questionIds } = input.request.externalData;
  const answers = input.response.answers.map(({ questionId, value }) => ({
    question_id: storedText(questionIds, questionId) ?? questionId,
    answer: value,
  }));
  if (format === 'single') return answers[0] ?? {};
  return { batch_id: batchId, answers };
}

function classify(reply: PlatformReply): DeliveryResult {
  if (reply.status === 409) {
    return { outcome: 'conflict', error: `Dari refused it: ${platformMessage(reply)}` };
  }
  const result = classifyReply(reply, label);
  const body = objectOrNull(reply.body);
  if (result.outcome === 'ok' && body?.success === false) {
    return {
      outcome: 'fatal',
      error: `Dari did not accept the answer: ${String(body.message ?? 'no reason given')}`,
    };
  }
  return result;
}

export const dariConnector: Connector<Settings, Secrets> = {
  kind: 'dari',
  label,
  defaultBaseUrl: 'https://agent.usedari.com',
  settingsSchema,
  secretsSchema,

  verifyWebhook: (source, input) => verifyDariWebhook(source.secrets.webhookSecret, input),

  /**
   * Question webhooks carry the batch; the job status is read back for its deadline and events, falling
   * back to the webhook's own batch when Dari cannot be reached. Completion webhooks are job statuses.
   */
  async webhookEvents(source, input, ctx) {
    const body = parseWebhookBody(input.rawBody);
    const question = objectOrNull(body.question);
    const jobId = body.job_id ?? question?.job_id;
    if (typeof jobId !== 'string' || !jobId) throw new WebhookBodyError('The body names no job_id');
    const address = { ...addressOf(source), jobId };
    const now = ctx.now();
    if (body.event_type === 'question') {
      const announced = question ? batchOf(question) : null;
      if (!announced) throw new WebhookBodyError('The question webhook carries no question batch');
      const webhookJob: DariJob = {
        job_id: jobId,
        status: 'waiting_for_input',
        browser_url: typeof body.browser_url === 'string' ? body.browser_url : null,
      };
      const job = await jobStatus(source, ctx, address).catch(() => null);
      const seenInStatus = (job?.events ?? []).some(
        (e) => e.event_type === 'question' && e.data?.batch_id === announced.batch.batch_id,
      );
      if (
        job &&
        (job.status === 'waiting_for_input' || seenInStatus || isFinishedStatus(job.status))
      ) {
        return [toEvent(address, job, timeoutOf(source), now, announced)];
      }
      // The status has not caught up with the webhook yet (or Dari is unreachable): trust the webhook.
      return [
        {
          ...toEvent(
            address,
            { ...webhookJob, created_at: job?.created_at },
            timeoutOf(source),
            now,
            announced,
          ),
          complete: false,
        },
      ];
    }
    const parsed = z.safeParse(dariJobSchema, body);
    if (!parsed.success) throw new WebhookBodyError('The job in the body does not fit Dari’s API');
    return [toEvent(address, { ...parsed.data, job_id: jobId }, timeoutOf(source), now)];
  },

  /** Dari has no job list, so polling follows the jobs Countersign already knows. */
  async poll(source, knownRuns, ctx) {
    const events = [];
    const problems: string[] = [];
    for (const known of knownRuns.slice(0, knownJobsPerPoll)) {
      const address = jobAddress(source, known.externalData);
      if (!address.jobId) continue;
      try {
        events.push(
          toEvent(address, await jobStatus(source, ctx, address), timeoutOf(source), ctx.now()),
        );
      } catch (error) {
        if (error instanceof PlatformUnreachable) throw error;
        if (error instanceof PlatformReplyError) problems.push(error.message);
      }
    }
    return { events, problems };
  },

  async deliver(source, input, ctx) {
    if (!isDeliveryOf(input, 'questions')) {
      return { outcome: 'fatal', error: `${label} has no ${input.request.kind} requests` };
    }
    const address = jobAddress(source, input.run.externalData);
    return attempt(async () =>
      classify(
        await jobCall(source, ctx, address, 'answer', { method: 'POST', json: answerBody(input) }),
      ),
    );
  },

  async stop(source, input, ctx) {
    const address = jobAddress(source, input.run.externalData);
    return attempt(async () => {
      const reply = await jobCall(source, ctx, address, 'stop', { method: 'POST' });
      // A job that already ended needs no stopping.
      if (reply.status === 409) return { outcome: 'ok' };
      return classifyReply(reply, label);
    });
  },

  async testConnection(source, ctx) {
    const { orgId, endpointName } = addressOf(source);
    const path = `/portals/${encodeURIComponent(orgId)}/${encodeURIComponent(endpointName)}`;
    try {
      const reply = await callPlatform(ctx.http, joinUrl(source.baseUrl, path), {
        method: 'GET',
        headers: { 'X-API-Key': source.secrets.apiKey },
      });
      if (isOk(reply))
        return { ok: true, message: `Connected to the Dari portal ${orgId}/${endpointName}` };
      return { ok: false, message: `Dari answered ${platformMessage(reply)}` };
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
  },
};
