import * as z from 'zod/mini';
import {
  WebhookBodyError,
  type KnownRun,
  type NormalizedEvent,
  type PlatformContext,
  type PollResult,
  type WebhookInput,
} from '../connector';
import { lookAt } from '../kit/platform-reply';
import { objectOrNull, parseWebhookBody } from '../kit/webhook-body';
import { addressOf, type DariSource, type JobAddress } from './dari-api';
import {
  batchOf,
  batchIdOf,
  dariJobSchema,
  isFinishedStatus,
  jobAskedBatch,
  jobStatus,
  timeoutOf,
  toEvent,
  type DariJob,
} from './dari-job-status';
import {
  batchRunEvent,
  batchRunsOf,
  findJobOfBatch,
  followedJobs,
  heldBatchEvent,
  resolvedBy,
  type Announced,
  type BatchRun,
} from './dari-jobless-questions';

const knownJobsPerPoll = 50;

/** The job a webhook names: `job_id` at the top (completion), in the question, or under `data`. */
function namedJob(body: Record<string, unknown>): string | null {
  const question = objectOrNull(body.question);
  const data = objectOrNull(body.data);
  const named = [body.job_id, body.jobId, question?.job_id, question?.jobId, data?.job_id].find(
    (id): id is string => typeof id === 'string' && id !== '',
  );
  return named ?? null;
}

/** The batches kept on runs of their own, which a job's run never shows again. */
function ownedBatches(batchRuns: readonly BatchRun[]): Set<string> {
  return new Set(batchRuns.map((b) => b.batchId));
}

/**
 * A question batch on the job it belongs to. The job status is read back for its deadline and events;
 * when it has not caught up with the webhook yet (or Dari is unreachable), the webhook is trusted.
 */
function questionEvent(
  source: DariSource,
  address: JobAddress,
  job: DariJob | null,
  announced: Announced,
  browserUrl: string | null,
  now: Date,
  owned: ReadonlySet<string>,
): NormalizedEvent {
  const batchId = batchIdOf(announced) ?? '';
  if (
    job &&
    (job.status === 'waiting_for_input' ||
      jobAskedBatch(job, batchId) ||
      isFinishedStatus(job.status))
  ) {
    return toEvent(address, job, timeoutOf(source), now, announced, owned);
  }
  const webhookJob: DariJob = {
    job_id: address.jobId,
    status: 'waiting_for_input',
    browser_url: browserUrl,
    created_at: job?.created_at,
  };
  return {
    ...toEvent(address, webhookJob, timeoutOf(source), now, announced, owned),
    complete: false,
  };
}

/**
 * Question webhooks carry the batch, with or without the job (see dari-jobless-questions.ts);
 * completion webhooks are job statuses. Any job a webhook shows also settles the batches kept waiting
 * for it.
 */
export async function dariWebhookEvents(
  source: DariSource,
  input: WebhookInput,
  ctx: PlatformContext,
  knownRuns: () => Promise<KnownRun[]>,
): Promise<NormalizedEvent[]> {
  const body = parseWebhookBody(input.rawBody);
  const now = ctx.now();
  const jobId = namedJob(body);
  const browserUrl = typeof body.browser_url === 'string' ? body.browser_url : null;
  const question = objectOrNull(body.question);
  if (body.event_type !== 'question' && !jobId) {
    throw new WebhookBodyError('The body names no job_id');
  }
  const known = await knownRuns();
  const batchRuns = batchRunsOf(source, known);
  const owned = ownedBatches(batchRuns);

  if (body.event_type === 'question') {
    const announced = question ? batchOf(question) : null;
    if (!announced) throw new WebhookBodyError('The question webhook carries no question batch');
    const batchId = batchIdOf(announced) ?? '';
    const kept = batchRuns.find((b) => b.batchId === batchId);
    if (!jobId && (!kept || kept.jobId === null)) {
      const found = await findJobOfBatch(source, ctx, known, batchId, browserUrl);
      if (!found) return [heldBatchEvent(addressOf(source), announced, browserUrl)];
      return [
        questionEvent(source, found.address, found.job, announced, browserUrl, now, owned),
        ...resolvedBy(batchRuns, found.address, found.job, timeoutOf(source), now),
      ];
    }
    const address = kept?.jobId ? kept.address : { ...addressOf(source), jobId: jobId ?? '' };
    const job = await jobStatus(source, ctx, address).catch(() => null);
    if (kept?.jobId && job) return [batchRunEvent(kept, address, job, timeoutOf(source), now)];
    return [
      questionEvent(source, address, job, announced, browserUrl, now, owned),
      ...(job ? resolvedBy(batchRuns, address, job, timeoutOf(source), now) : []),
    ];
  }

  const parsed = z.safeParse(dariJobSchema, body);
  if (!parsed.success) throw new WebhookBodyError('The job in the body does not fit Dari’s API');
  const address = { ...addressOf(source), jobId: jobId ?? '' };
  const job = { ...parsed.data, job_id: address.jobId };
  return [
    toEvent(address, job, timeoutOf(source), now, undefined, owned),
    ...resolvedBy(batchRuns, address, job, timeoutOf(source), now),
  ];
}

/**
 * Dari has no job list, so polling follows the jobs Countersign already knows: each job's run, each
 * batch kept on a run of its own, and the batches still waiting for their job, looked for in every
 * status read.
 */
export async function pollDari(
  source: DariSource,
  knownRuns: KnownRun[],
  ctx: PlatformContext,
): Promise<PollResult> {
  const events: NormalizedEvent[] = [];
  const problems: string[] = [];
  const now = ctx.now();
  const batchRuns = batchRunsOf(source, knownRuns);
  const owned = ownedBatches(batchRuns);
  for (const address of followedJobs(source, knownRuns).slice(0, knownJobsPerPoll)) {
    const job = await lookAt(problems, () => jobStatus(source, ctx, address));
    if (!job) continue;
    const asBatchRuns = batchRuns.filter((b) => b.jobId === address.jobId);
    const hasJobRun = knownRuns.some(
      (r) => r.externalData.jobId === address.jobId && typeof r.externalData.batchId !== 'string',
    );
    if (hasJobRun) events.push(toEvent(address, job, timeoutOf(source), now, undefined, owned));
    for (const batchRun of asBatchRuns) {
      events.push(batchRunEvent(batchRun, address, job, timeoutOf(source), now));
    }
    events.push(...resolvedBy(batchRuns, address, job, timeoutOf(source), now));
  }
  return { events, problems };
}
