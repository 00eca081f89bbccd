import { createHmac, randomUUID } from 'node:crypto';
import { postWebhook, startFakeServer, type RecordedCall, type Reply } from './fake-server';

type FakeQuestion = { question_id: string; question: string; options?: string[] };
type FakeEvent = {
  event_type: string;
  message: string;
  data: Record<string, unknown>;
  timestamp: string;
};

type FakeJob = {
  job_id: string;
  status: string;
  browser_url: string;
  current_step: string;
  events: FakeEvent[];
  result: Record<string, unknown> | null;
  error: string | null;
  created_at: string;
  updated_at: string;
};

/**
 * Dari's jobs API as Countersign uses it: start, status, answer (current batch body), stop, get portal,
 * `X-API-Key` auth with `{ detail }` errors, and webhooks signed with `X-Webhook-Signature` =
 * hex HMAC-SHA256 of the raw JSON body.
 */
export async function startDariFake(options: {
  apiKey: string;
  webhookSecret: string;
  orgId: string;
  endpointName: string;
}) {
  const jobs = new Map<string, FakeJob>();
  let nextBatch = 1;
  const prefix = `/jobs/${options.orgId}/${options.endpointName}`;
  const escaped = prefix.replace(/[/]/g, '\\/');
  const now = () => new Date().toISOString();
  const authorized = (call: RecordedCall) => call.headers['x-api-key'] === options.apiKey;
  const unauthorized: Reply = { status: 401, body: { detail: 'Invalid or missing API key' } };
  const statusBody = (job: FakeJob) => ({
    ...job,
    portal_id: `${options.orgId}/${options.endpointName}`,
  });

  const withJob =
    (route: (job: FakeJob, call: RecordedCall) => Reply) =>
    (call: RecordedCall): Reply => {
      if (!authorized(call)) return unauthorized;
      const job = jobs.get(call.query.get('job_id') ?? '');
      if (!job) return { status: 404, body: { detail: 'Job not found' } };
      return route(job, call);
    };

  const latestBatch = (job: FakeJob) =>
    [...job.events].reverse().find((e) => e.event_type === 'question')?.data as
      { batch_id: string; questions: FakeQuestion[] } | undefined;

  const fake = await startFakeServer([
    [
      'POST',
      new RegExp(`^${escaped}\\/start$`),
      (call) => {
        if (!authorized(call)) return unauthorized;
        return { status: 200, body: { job_id: startJob() } };
      },
    ],
    [
      'GET',
      new RegExp(`^${escaped}\\/status$`),
      withJob((job) => ({ status: 200, body: statusBody(job) })),
    ],
    [
      'POST',
      new RegExp(`^${escaped}\\/answer$`),
      withJob((job, call) => {
        if (job.status !== 'waiting_for_input') {
          return {
            status: 409,
            body: { detail: `Job is not waiting for input (status: ${job.status})` },
          };
        }
        const body = call.body as {
          batch_id?: string;
          answers?: { question_id: string; answer: string }[];
        };
        const batch = latestBatch(job);
        if (!batch || body.batch_id !== batch.batch_id) {
          return { status: 409, body: { detail: 'Unknown or stale question batch' } };
        }
        const answered = new Set((body.answers ?? []).map((a) => a.question_id));
        if (batch.questions.some((q) => !answered.has(q.question_id))) {
          return { status: 400, body: { detail: 'Every question of the batch needs an answer' } };
        }
        job.status = 'running';
        job.updated_at = now();
        return {
          status: 200,
          body: { success: true, message: 'Answers received', job_id: job.job_id },
        };
      }),
    ],
    [
      'POST',
      new RegExp(`^${escaped}\\/stop$`),
      withJob((job) => {
        const previous = job.status;
        if (['completed', 'failed', 'stopped'].includes(previous)) {
          return { status: 409, body: { detail: 'Job already finished' } };
        }
        job.status = 'stopped';
        return {
          status: 200,
          body: {
            success: true,
            message: 'Job stopped',
            job_id: job.job_id,
            previous_status: previous,
          },
        };
      }),
    ],
    [
      'GET',
      new RegExp(`^\\/portals\\/${options.orgId}\\/${options.endpointName}$`),
      (call) =>
        authorized(call)
          ? { status: 200, body: { id: 'portal_1', endpoint_name: options.endpointName } }
          : unauthorized,
    ],
  ]);

  function startJob(): string {
    const jobId = randomUUID();
    jobs.set(jobId, {
      job_id: jobId,
      status: 'running',
      browser_url: `https://app.hyperbrowser.ai/view/${jobId}`,
      current_step: 'Opening the form',
      events: [{ event_type: 'started', message: 'Job started', data: {}, timestamp: now() }],
      result: null,
      error: null,
      created_at: now(),
      updated_at: now(),
    });
    return jobId;
  }

  /** The agent calls ask_human: the job waits for input with a new question batch. */
  function ask(jobId: string, questions: FakeQuestion[]) {
    const job = jobs.get(jobId)!;
    const batch = { batch_id: `batch_${nextBatch++}`, questions };
    job.events.push({
      event_type: 'question',
      message: 'Asked a human',
      data: batch,
      timestamp: now(),
    });
    job.status = 'waiting_for_input';
    job.updated_at = now();
    return batch;
  }

  function sign(rawBody: string, secret = options.webhookSecret) {
    return createHmac('sha256', secret).update(rawBody).digest('hex');
  }

  type Tweak = { secret?: string; tamper?: boolean; omitSignature?: boolean };

  async function send(url: string, body: Record<string, unknown>, tweak: Tweak) {
    const raw = JSON.stringify(body);
    const headers: Record<string, string> = tweak.omitSignature
      ? {}
      : { 'X-Webhook-Signature': sign(raw, tweak.secret) };
    return postWebhook(url, tweak.tamper ? raw.replace('"question"', '"questiom"') : raw, headers);
  }

  return {
    ...fake,
    jobs,
    startJob,
    ask,
    /**
     * The question webhook of the HITL guide, plus `job_id` so it can be matched to its job; with
     * `withoutJobId`, exactly the guide's example, which names no job.
     */
    sendQuestionWebhook(
      url: string,
      jobId: string,
      tweak: Tweak & { withoutJobId?: boolean; batch?: { batch_id: string } } = {},
    ) {
      const job = jobs.get(jobId)!;
      return send(
        url,
        {
          event_type: 'question',
          status: 'waiting_for_input',
          ...(tweak.withoutJobId ? {} : { job_id: jobId }),
          browser_url: job.browser_url,
          question: tweak.batch ?? latestBatch(job),
        },
        tweak,
      );
    },
    /** The completion webhook: the job status plus `event_type` and the send `timestamp`. */
    sendCompletionWebhook(url: string, jobId: string, tweak: Tweak & { timestamp?: string } = {}) {
      const job = jobs.get(jobId)!;
      return send(
        url,
        {
          ...statusBody(job),
          event_type: job.status === 'failed' ? 'error' : 'completed',
          timestamp: tweak.timestamp ?? now(),
        },
        tweak,
      );
    },
    /** The job's own timeout passes: the agent carries on without an answer. */
    moveOn(jobId: string) {
      jobs.get(jobId)!.status = 'running';
    },
    finish(jobId: string, status: 'completed' | 'failed') {
      const job = jobs.get(jobId)!;
      job.status = status;
      job.result = status === 'completed' ? { confirmation: 'ABC-123' } : null;
      job.error = status === 'failed' ? 'The form rejected the input' : null;
    },
    answerCalls: () => fake.callsTo('POST', `${prefix}/answer`),
  };
}

export type DariFake = Awaited<ReturnType<typeof startDariFake>>;
