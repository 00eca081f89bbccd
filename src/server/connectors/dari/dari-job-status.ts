import * as z from 'zod/mini';
import { ownRecord, ownRecordOf } from '../../../shared/own-keys';
import type { CreateRequest } from '../../../shared/requests';
import type {
  NormalizedEvent,
  NormalizedRequest,
  NormalizedRun,
  PlatformContext,
} from '../connector';
import { isOk, platformMessage } from '../kit/http';
import { readReply } from '../kit/platform-reply';
import { httpUrlOrNull } from '../kit/platform-text';
import { jobCall, type DariAddress, type DariSource, type JobAddress } from './dari-api';

const optionalText = z.optional(z.nullable(z.string()));

const dariEventSchema = z.object({
  event_type: z.optional(z.string()),
  data: z.optional(z.nullable(ownRecord(z.unknown()))),
});

/*
 * A Dari job's status (`GET …/status?job_id=`, and the completion webhook, which carries the same body)
 * read into a run and its open question batch.
 */

/** The fields of Dari's job status (and completion webhook) that Countersign reads. */
export const dariJobSchema = z.object({
  job_id: z.optional(z.string()),
  status: z.optional(z.string()),
  browser_url: z.optional(z.unknown()),
  portal_id: optionalText,
  events: z.optional(z.nullable(z.array(dariEventSchema))),
  created_at: optionalText,
});
export type DariJob = z.output<typeof dariJobSchema> & { job_id: string };
export type DariEvent = z.output<typeof dariEventSchema>;

const dariQuestionSchema = z.object({
  question_id: z.optional(z.string()),
  question: z.optional(z.string()),
  options: z.optional(z.nullable(z.array(z.unknown()))),
});
export type DariQuestion = z.output<typeof dariQuestionSchema>;

export type DariBatch = { batch_id?: string; questions?: DariQuestion[] };

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
  // A batch whose questions do not fit Dari's API is no batch: it is reported, never half-read.
  if (typeof data.batch_id === 'string' && Array.isArray(data.questions)) {
    const questions = z.safeParse(z.array(dariQuestionSchema), data.questions);
    return questions.success
      ? { batch: { batch_id: data.batch_id, questions: questions.data }, format: 'batch' }
      : null;
  }
  const single = z.safeParse(dariQuestionSchema, data);
  if (single.success && single.data.question_id && typeof single.data.question === 'string') {
    return {
      batch: { batch_id: `question:${single.data.question_id}`, questions: [single.data] },
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

/** A batch's id as Dari gives it, or null for one without (older single questions have their own). */
export function batchIdOf(batch: { batch: DariBatch } | null): string | null {
  return batch?.batch.batch_id ?? null;
}

/**
 * A complete observation of a job: while it waits for input, its latest batch is the only open request.
 * `ownedElsewhere`: batches that arrived before their job was known and keep a run of their own (see
 * dari-jobless-questions.ts), never shown twice.
 */
export function toEvent(
  address: DariAddress,
  job: DariJob,
  timeoutMinutes: number,
  now: Date,
  fallbackBatch?: { batch: DariBatch; format: 'batch' | 'single' },
  ownedElsewhere: ReadonlySet<string> = new Set(),
): NormalizedEvent {
  const waiting =
    job.status === 'waiting_for_input' ? (latestBatch(job) ?? fallbackBatch ?? null) : null;
  const open = waiting && !ownedElsewhere.has(batchIdOf(waiting) ?? '') ? waiting : null;
  return {
    run: toNormalizedRun(address, job),
    requests: open
      ? [toNormalizedRequest(open.batch, open.format, questionDeadline(job, timeoutMinutes, now))]
      : [],
    complete: true,
  };
}

/** Whether the job asked the batch: its status lists a question event with that batch id. */
export function jobAskedBatch(job: DariJob, batchId: string): boolean {
  return (job.events ?? []).some(
    (e) => e.event_type === 'question' && e.data && batchIdOf(batchOf(e.data)) === batchId,
  );
}

const defaultTimeoutMinutes = 30;

export function timeoutOf(source: DariSource): number {
  return source.settings.timeoutMinutes ?? defaultTimeoutMinutes;
}

export async function jobStatus(
  source: DariSource,
  ctx: PlatformContext,
  address: JobAddress,
): Promise<DariJob> {
  const reply = await jobCall(source, ctx, address, 'status', { method: 'GET' });
  if (!isOk(reply))
    throw new Error(`Job ${address.jobId}: Dari answered ${platformMessage(reply)}`);
  const job = readReply(dariJobSchema, reply.body, `Dari's status of job ${address.jobId}`);
  return { ...job, job_id: job.job_id || address.jobId };
}
