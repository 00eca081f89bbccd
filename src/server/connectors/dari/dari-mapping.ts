import { ownRecordOf } from '../../../shared/own-keys';
import type { CreateRequest } from '../../../shared/requests';
import type { NormalizedEvent, NormalizedRequest, NormalizedRun } from '../connector';

/** The fields of Dari's job status (and completion webhook) that Countersign reads. */
export type DariJob = {
  job_id: string;
  status?: string;
  browser_url?: string | null;
  portal_id?: string | null;
  events?: DariEvent[] | null;
  created_at?: string | null;
};

export type DariEvent = {
  event_type?: string;
  data?: Record<string, unknown> | null;
  timestamp?: string;
};

export type DariQuestion = { question_id?: string; question?: string; options?: string[] | null };

export type DariBatch = { batch_id?: string; questions?: DariQuestion[] };

export type DariAddress = { orgId: string; endpointName: string };

// A Map: the status is Dari's string, and `toString` must not read as finished.
const finished = new Map<string, NormalizedRun['status']>([
  ['completed', 'completed'],
  ['failed', 'failed'],
  ['error', 'failed'],
  ['stopped', 'stopped'],
]);

export function isFinishedStatus(status: string | undefined): boolean {
  return status !== undefined && finished.has(status);
}

function httpUrlOrNull(value: unknown): string | null {
  return typeof value === 'string' && /^https?:\/\//i.test(value) ? value : null;
}

export function runExternalId(address: DariAddress, jobId: string): string {
  return `${address.orgId}/${address.endpointName}/${jobId}`;
}

export function toNormalizedRun(address: DariAddress, job: DariJob): NormalizedRun {
  return {
    externalId: runExternalId(address, job.job_id),
    title: `${address.endpointName} job ${job.job_id.slice(0, 8)}`,
    status: finished.get(job.status ?? '') ?? 'running',
    liveUrl: httpUrlOrNull(job.browser_url) ?? undefined,
    metadata: job.portal_id ? { portalId: job.portal_id } : {},
    externalData: { orgId: address.orgId, endpointName: address.endpointName, jobId: job.job_id },
  };
}

/**
 * A question event's data as one batch: the current shape `{ batch_id, questions[] }`, or the older
 * single-question shape `{ question_id, question, options }`, answered in the matching older format.
 */
export function batchOf(
  data: Record<string, unknown>,
): { batch: DariBatch; format: 'batch' | 'single' } | null {
  if (typeof data.batch_id === 'string' && Array.isArray(data.questions)) {
    return { batch: data as DariBatch, format: 'batch' };
  }
  if (typeof data.question_id === 'string' && typeof data.question === 'string') {
    return {
      batch: {
        batch_id: `question:${data.question_id}`,
        questions: [data as DariQuestion],
      },
      format: 'single',
    };
  }
  return null;
}

const questionIdPattern = /^.{1,100}$/;

export function toNormalizedRequest(
  batch: DariBatch,
  format: 'batch' | 'single',
  expiresAt: string | undefined,
): NormalizedRequest {
  const questions = batch.questions ?? [];
  const theirIds = questions.map((q) => q.question_id ?? '');
  const keepIds =
    theirIds.every((id) => questionIdPattern.test(id)) &&
    new Set(theirIds).size === theirIds.length;
  const ids = theirIds.map((id, index) => (keepIds ? id : `q${index + 1}`));
  const request: CreateRequest = {
    kind: 'questions',
    questions: questions.map((q, index) => {
      const id = ids[index]!;
      const options = (q.options ?? []).filter(
        (o): o is string => typeof o === 'string' && o.trim() !== '',
      );
      return {
        id,
        text: q.question ?? '',
        ...(options.length ? { options } : {}),
        allowOther: true,
      };
    }),
    ...(expiresAt ? { expiresAt } : {}),
  };
  return {
    externalId: batch.batch_id ?? '',
    request,
    // Dari's question ids become keys (`__proto__` included): defined as own keys, read with hasOwn.
    externalData: {
      format,
      batchId: batch.batch_id,
      questionIds: ownRecordOf(ids.map((id, index) => [id, theirIds[index]!])),
    },
  };
}

/** Questions expire with the job: Dari lets the agent carry on once `timeout_minutes` have passed. */
export function questionDeadline(
  job: DariJob,
  timeoutMinutes: number,
  now: Date,
): string | undefined {
  const created = job.created_at ? Date.parse(job.created_at) : Number.NaN;
  if (Number.isNaN(created)) return undefined;
  const deadline = created + timeoutMinutes * 60_000;
  return deadline > now.getTime() ? new Date(deadline).toISOString() : undefined;
}

/** The latest question event, which is the open one while the job waits for input. */
export function latestBatch(job: DariJob): { batch: DariBatch; format: 'batch' | 'single' } | null {
  const questions = (job.events ?? []).filter((e) => e.event_type === 'question' && e.data);
  const latest = questions[questions.length - 1];
  return latest?.data ? batchOf(latest.data) : null;
}

/** A complete observation of a job: while it waits for input, its latest batch is the only open request. */
export function toEvent(
  address: DariAddress,
  job: DariJob,
  timeoutMinutes: number,
  now: Date,
  fallbackBatch?: { batch: DariBatch; format: 'batch' | 'single' },
): NormalizedEvent {
  const open =
    job.status === 'waiting_for_input' ? (latestBatch(job) ?? fallbackBatch ?? null) : null;
  return {
    run: toNormalizedRun(address, job),
    requests: open
      ? [toNormalizedRequest(open.batch, open.format, questionDeadline(job, timeoutMinutes, now))]
      : [],
    complete: true,
  };
}
