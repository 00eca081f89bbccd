import * as z from 'zod/mini';
import { ownRecordOf } from '../../../shared/own-keys';
import {
  WebhookBodyError,
  type Connector,
  type ConnectorSource,
  isDeliveryOf,
  type DeliveryInput,
  type DeliveryInputOf,
  type DeliveryResult,
  type NormalizedEvent,
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
import { PlatformReplyError, readReply, runReply } from '../kit/platform-reply';
import {
  isTerminal,
  m8tesPermissionsSchema,
  m8tesRunPageSchema,
  m8tesRunSchema,
  planApprovalHeader,
  toEvent,
  toNormalizedRun,
} from './m8tes-discovery';
import { verifyM8tesWebhook } from './m8tes-signature';

const settingsSchema = z.object({
  userId: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))),
});
const secretsSchema = z.object({
  apiKey: z.string().check(z.minLength(1)),
  webhookSecret: z.optional(z.string().check(z.minLength(1))),
});
type Settings = z.infer<typeof settingsSchema>;
type Secrets = z.infer<typeof secretsSchema>;
type Source = ConnectorSource<Settings, Secrets>;

const label = 'm8tes';
const runEvents = new Set([
  'run.awaiting_input',
  'run.started',
  'run.completed',
  'run.failed',
  'run.cancelled',
  'run.message_received',
  'run.message_cancelled',
]);
const pollPageSize = 50;
const knownRunsPerPoll = 50;

function call(
  source: Source,
  ctx: PlatformContext,
  path: string,
  options: CallOptions,
): Promise<PlatformReply> {
  const query =
    options.method === 'GET'
      ? { user_id: source.settings.userId, ...options.query }
      : options.query;
  return callPlatform(ctx.http, joinUrl(source.baseUrl, path, query), {
    ...options,
    headers: { Authorization: `Bearer ${source.secrets.apiKey}`, ...options.headers },
  });
}

/** A GET whose reply must fit `schema`. */
async function getJson<S extends z.ZodMiniType>(
  source: Source,
  ctx: PlatformContext,
  schema: S,
  path: string,
  query?: Record<string, string>,
): Promise<z.output<S>> {
  const reply = await call(source, ctx, path, { method: 'GET', query });
  if (!isOk(reply)) throw new Error(`GET ${path}: ${platformMessage(reply)}`);
  return readReply(schema, reply.body, `m8tes's reply to GET ${path}`);
}

/** The run and, unless it has finished, its gates: one complete observation. */
async function observeRun(
  source: Source,
  ctx: PlatformContext,
  runId: string,
): Promise<NormalizedEvent> {
  const runPath = `/runs/${encodeURIComponent(runId)}`;
  const reply = await call(source, ctx, runPath, { method: 'GET' });
  const run = readReply(
    m8tesRunSchema,
    runReply(reply, `GET ${runPath}`),
    `m8tes's reply to GET ${runPath}`,
  );
  if (isTerminal(run.status)) return { run: toNormalizedRun(run), requests: [], complete: true };
  const permissions = await getJson(source, ctx, m8tesPermissionsSchema, `${runPath}/permissions`);
  return toEvent(run, permissions);
}

/** m8tes puts its error code in `error.details.error_code` (newer servers also `error.error_code`). */
function errorCode(reply: PlatformReply): string | undefined {
  const body = objectOrNull(reply.body);
  const error = objectOrNull(body?.error);
  const code = objectOrNull(error?.details)?.error_code ?? error?.error_code ?? body?.error_code;
  return typeof code === 'string' ? code : undefined;
}

// A Map: the code is m8tes's string, and `constructor` must not read as a known code.
const conflictMessages = new Map([
  [
    'gate_resolved_otherwise',
    'another approver on m8tes decided the other way, so this decision did not happen',
  ],
  ['gate_cancelled', 'the approval was cancelled on m8tes'],
  ['gate_not_found', 'm8tes no longer has this approval'],
  ['run_not_active', 'the run is no longer active on m8tes'],
  ['auto_continued', 'm8tes auto-answered the question before this answer arrived'],
]);

function classify(reply: PlatformReply): DeliveryResult {
  const code = errorCode(reply);
  const known = code === undefined ? undefined : conflictMessages.get(code);
  if (known && (reply.status === 404 || reply.status === 409)) {
    return { outcome: 'conflict', error: `${known} (${code})` };
  }
  if (reply.status === 409) {
    return {
      outcome: 'conflict',
      error: `the run is not waiting for an answer on m8tes (${platformMessage(reply)})`,
    };
  }
  return classifyReply(reply, label);
}

function planBody(input: DeliveryInputOf<'plan'>): Record<string, unknown> {
  const { response } = input;
  const answer = response.decision === 'approve' ? 'Approve' : `Revise: ${response.feedback}`;
  return { answers: { [planApprovalHeader]: answer }, request_id: input.request.externalId };
}

function questionsBody(input: DeliveryInputOf<'questions'>): Record<string, unknown> {
  const texts = input.request.externalData.questionTexts;
  // Keyed by the question's text, which m8tes chose: `__proto__` and `constructor` stay plain keys.
  const answers = ownRecordOf(
    input.response.answers.map(({ questionId, value }) => [
      storedText(texts, questionId) ??
        input.request.questions.find((q) => q.id === questionId)?.text ??
        questionId,
      value,
    ]),
  );
  return { answers, request_id: input.request.externalId };
}

function approveBody(input: DeliveryInputOf<'tool'>): Record<string, unknown> {
  const { response } = input;
  const { canRemember } = input.request;
  return {
    request_id: input.request.externalId,
    decision: response.decision === 'approve' ? 'allow' : 'deny',
    remember: Boolean(response.remember && response.decision === 'approve' && canRemember),
    ...(response.note ? { reason: response.note } : {}),
  };
}

/** After an interrupted attempt, a tool gate that already shows our decision means that attempt got through. */
async function gateShowsDecision(
  source: Source,
  ctx: PlatformContext,
  input: DeliveryInput,
): Promise<boolean> {
  if (!isDeliveryOf(input, 'tool')) return false;
  const wanted = input.response.decision === 'approve' ? 'allowed' : 'denied';
  const runId = input.run.externalId;
  const permissions = await getJson(
    source,
    ctx,
    m8tesPermissionsSchema,
    `/runs/${encodeURIComponent(runId)}/permissions`,
  );
  return permissions.some((p) => p.request_id === input.request.externalId && p.status === wanted);
}

export const m8tesConnector: Connector<Settings, Secrets> = {
  kind: 'm8tes',
  label,
  defaultBaseUrl: 'https://api.m8tes.ai/api/v2',
  settingsSchema,
  secretsSchema,

  verifyWebhook: (source, input) => verifyM8tesWebhook(source.secrets.webhookSecret, input),

  /** The body only says which run changed; the run and its gates are read back from the API. */
  async webhookEvents(source, input, ctx) {
    const body = parseWebhookBody(input.rawBody);
    const data = objectOrNull(body.data);
    const event = body.event ?? body.type;
    if (typeof event !== 'string') throw new WebhookBodyError('The body names no event');
    if (!runEvents.has(event)) return [];
    const runId = data?.run_id ?? data?.id ?? body.run_id;
    if (typeof runId !== 'string' && typeof runId !== 'number') {
      throw new WebhookBodyError('The body names no run id');
    }
    return [await observeRun(source, ctx, String(runId))];
  },

  /** Runs awaiting approval (SDK `GET /runs/?status=awaiting_approval`), then the runs already known. */
  async poll(source, knownRuns, ctx) {
    const page = await getJson(source, ctx, m8tesRunPageSchema, '/runs/', {
      status: 'awaiting_approval',
      limit: String(pollPageSize),
    });
    const events: NormalizedEvent[] = [];
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const run of page.data ?? []) {
      const id = String(run.id);
      seen.add(id);
      const permissions = await getJson(
        source,
        ctx,
        m8tesPermissionsSchema,
        `/runs/${encodeURIComponent(id)}/permissions`,
      );
      events.push(toEvent(run, permissions));
    }
    for (const known of knownRuns.slice(0, knownRunsPerPoll)) {
      if (seen.has(known.externalId)) continue;
      try {
        events.push(await observeRun(source, ctx, known.externalId));
      } catch (error) {
        // One run m8tes no longer shows must not stop the others from being looked at.
        if (error instanceof PlatformUnreachable) throw error;
        if (error instanceof PlatformReplyError) problems.push(error.message);
      }
    }
    return { events, problems };
  },

  async deliver(source, input, ctx) {
    const runPath = `/runs/${encodeURIComponent(input.run.externalId)}`;
    const body = isDeliveryOf(input, 'tool')
      ? approveBody(input)
      : isDeliveryOf(input, 'plan')
        ? planBody(input)
        : isDeliveryOf(input, 'questions')
          ? questionsBody(input)
          : null;
    if (!body) return { outcome: 'fatal', error: `${label} has no ${input.request.kind} requests` };
    const tool = input.request.kind === 'tool';
    const result = await attempt(async () =>
      classify(
        await call(source, ctx, `${runPath}/${tool ? 'approve' : 'answer'}`, {
          method: 'POST',
          headers: { 'Idempotency-Key': input.idempotencyKey },
          json: body,
        }),
      ),
    );
    if (result.outcome === 'conflict' && input.inDoubt) {
      const confirmed = await gateShowsDecision(source, ctx, input).catch(() => false);
      if (confirmed) return { outcome: 'ok' };
    }
    return result;
  },

  async stop(source, input, ctx) {
    return attempt(async () => {
      const reply = await call(
        source,
        ctx,
        `/runs/${encodeURIComponent(input.run.externalId)}/cancel`,
        {
          method: 'POST',
          headers: { 'Idempotency-Key': input.idempotencyKey },
        },
      );
      // A run that already finished needs no stopping.
      if (reply.status === 409) return { outcome: 'ok' };
      return classifyReply(reply, label);
    });
  },

  async testConnection(source, ctx) {
    try {
      const reply = await call(source, ctx, '/runs/check', { method: 'GET' });
      if (!isOk(reply)) return { ok: false, message: `m8tes answered ${platformMessage(reply)}` };
      const count = objectOrNull(reply.body)?.awaiting_count;
      const waiting = typeof count === 'number' ? `; ${count} awaiting approval` : '';
      return { ok: true, message: `Connected to m8tes${waiting}` };
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
  },
};
