import type { KnownRun, NormalizedEvent, PlatformContext } from '../connector';
import { PlatformUnreachable } from '../kit/http';
import { httpUrlOrNull } from '../kit/platform-text';
import { jobAddress, type DariAddress, type DariSource, type JobAddress } from './dari-api';
import {
  batchIdOf,
  jobAskedBatch,
  jobStatus,
  latestBatch,
  questionDeadline,
  toNormalizedRequest,
  toNormalizedRun,
  type DariBatch,
  type DariJob,
} from './dari-job-status';

/*
 * Dari's own example of the `question` webhook carries no `job_id` (vendors.md: `{ event_type, status,
 * browser_url, question: { batch_id, questions } }`), and `/answer` needs one. A pause is never dropped
 * for it: the job is looked for among the jobs Countersign follows (a status listing the batch, or the
 * same `browser_url`); when none shows it yet, the batch keeps a run of its own, keyed by its batch id,
 * whose answers are held until a later observation of a job (a poll, or any webhook naming a job) lists
 * the batch. That run then carries only its own batch; the job's other batches go to the job's run.
 */

/** How many followed jobs one question webhook may read while looking for its job. */
const jobsSearchedPerQuestion = 20;

export const unnamedJobHold =
  'Dari has not said which job asked this yet: the answer is kept, and sent to the job as soon as Dari names it.';

export type Announced = { batch: DariBatch; format: 'batch' | 'single' };

/** A run kept for a batch whose job was not known when it arrived. */
export type BatchRun = {
  externalId: string;
  batchId: string;
  browserUrl: string | null;
  /** Once known. */
  jobId: string | null;
  address: JobAddress;
};

export function batchRunId(address: DariAddress, batchId: string): string {
  return `${address.orgId}/${address.endpointName}/batch:${batchId}`;
}

export function batchRunsOf(source: DariSource, known: readonly KnownRun[]): BatchRun[] {
  return known.flatMap((run) => {
    const { batchId, browserUrl } = run.externalData;
    if (typeof batchId !== 'string') return [];
    const address = jobAddress(source, run.externalData);
    return [
      {
        externalId: run.externalId,
        batchId,
        browserUrl: typeof browserUrl === 'string' ? browserUrl : null,
        jobId: address.jobId || null,
        address,
      },
    ];
  });
}

/** The followed jobs' addresses, each once: job runs' and the batch runs' whose job is known. */
export function followedJobs(source: DariSource, known: readonly KnownRun[]): JobAddress[] {
  const seen = new Set<string>();
  return known.flatMap((run) => {
    const address = jobAddress(source, run.externalData);
    if (!address.jobId || seen.has(address.jobId)) return [];
    seen.add(address.jobId);
    return [address];
  });
}

/** Whether this job is the one that asked the batch: its status lists it, or shows the same browser. */
export function jobOfBatch(job: DariJob, batchId: string, browserUrl: string | null): boolean {
  const sameBrowser =
    browserUrl !== null && typeof job.browser_url === 'string' && job.browser_url === browserUrl;
  return sameBrowser || jobAskedBatch(job, batchId);
}

/**
 * Looks for the job of a batch among the followed ones. A job Dari cannot show right now is passed
 * over, and an unreachable Dari ends the search: the batch is then kept on a run of its own.
 */
export async function findJobOfBatch(
  source: DariSource,
  ctx: PlatformContext,
  known: readonly KnownRun[],
  batchId: string,
  browserUrl: string | null,
): Promise<{ address: JobAddress; job: DariJob } | null> {
  for (const address of followedJobs(source, known).slice(0, jobsSearchedPerQuestion)) {
    try {
      const job = await jobStatus(source, ctx, address);
      if (jobOfBatch(job, batchId, browserUrl)) return { address, job };
    } catch (error) {
      if (error instanceof PlatformUnreachable) return null;
    }
  }
  return null;
}

/** The run a batch gets while its job is not known: the batch, the browser, and its answers held. */
export function heldBatchEvent(
  address: DariAddress,
  announced: Announced,
  browserUrl: string | null,
): NormalizedEvent {
  const batchId = batchIdOf(announced) ?? '';
  return {
    run: {
      externalId: batchRunId(address, batchId),
      title: `${address.endpointName}: a question from a job Dari has not named`,
      liveUrl: httpUrlOrNull(browserUrl),
      externalData: {
        orgId: address.orgId,
        endpointName: address.endpointName,
        batchId,
        browserUrl,
      },
      deliveryHold: unnamedJobHold,
    },
    requests: [toNormalizedRequest(announced.batch, announced.format, undefined)],
    complete: false,
  };
}

/**
 * A batch run once its job is known (its status lists the batch): addressed to the job, which lifts the
 * hold on its answers, ending with it, and showing its own batch while the job waits on it.
 */
export function batchRunEvent(
  batchRun: BatchRun,
  address: JobAddress,
  job: DariJob,
  timeoutMinutes: number,
  now: Date,
): NormalizedEvent {
  const run = toNormalizedRun(address, job);
  const latest = job.status === 'waiting_for_input' ? latestBatch(job) : null;
  const open = latest && batchIdOf(latest) === batchRun.batchId ? latest : null;
  return {
    run: {
      ...run,
      externalId: batchRun.externalId,
      externalData: { ...run.externalData, batchId: batchRun.batchId },
      deliveryHold: null,
    },
    requests: open
      ? [toNormalizedRequest(open.batch, open.format, questionDeadline(job, timeoutMinutes, now))]
      : [],
    complete: true,
  };
}

/**
 * The batch runs still waiting for their job that this job asked. Only a status listing the batch lifts
 * a hold: an answer sent before Dari lists its batch would be refused as stale.
 */
export function resolvedBy(
  batchRuns: readonly BatchRun[],
  address: JobAddress,
  job: DariJob,
  timeoutMinutes: number,
  now: Date,
): NormalizedEvent[] {
  return batchRuns
    .filter((b) => b.jobId === null && jobAskedBatch(job, b.batchId))
    .map((b) => batchRunEvent(b, address, job, timeoutMinutes, now));
}
