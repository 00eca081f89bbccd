import * as z from 'zod/mini';
import {
  WebhookBodyError,
  type Connector,
  type ConnectorSource,
  isDeliveryOf,
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
import {
  crewName,
  readHumanInput,
  toNormalizedRun,
  toReviewEvent,
  type CrewAiWebhookUrls,
} from './crewai-discovery';
import { PlatformReplyError, readReply } from '../kit/platform-reply';
import { objectOrNull, parseWebhookBody } from '../kit/webhook-body';
import { verifyCrewAiWebhook } from './crewai-signature';

const webhookUrl = z.optional(z.url({ protocol: /^https?$/ }).check(z.maxLength(2000)));
const settingsSchema = z.object({
  taskWebhookUrl: webhookUrl,
  stepWebhookUrl: webhookUrl,
  crewWebhookUrl: webhookUrl,
});
const secretsSchema = z.object({
  apiToken: z.string().check(z.minLength(1)),
  webhookToken: z.optional(z.string().check(z.minLength(1))),
  webhookUsername: z.optional(z.string().check(z.minLength(1))),
  webhookPassword: z.optional(z.string().check(z.minLength(1))),
});
type Settings = z.infer<typeof settingsSchema>;
type Secrets = z.infer<typeof secretsSchema>;
type Source = ConnectorSource<Settings, Secrets>;

const label = 'CrewAI';
const runsPerPoll = 50;
// A Map: the status is CrewAI's string, and `constructor` must not read as finished.
const finishedStatuses = new Map<string, 'completed' | 'failed'>([
  ['completed', 'completed'],
  ['error', 'failed'],
  ['failed', 'failed'],
]);

function call(
  source: Source,
  ctx: PlatformContext,
  path: string,
  options: CallOptions,
): Promise<PlatformReply> {
  return callPlatform(ctx.http, joinUrl(source.baseUrl, path, options.query), {
    ...options,
    headers: { Authorization: `Bearer ${source.secrets.apiToken}`, ...options.headers },
  });
}

function webhookUrlsOf(source: Source): CrewAiWebhookUrls {
  const { taskWebhookUrl, stepWebhookUrl, crewWebhookUrl } = source.settings;
  return Object.fromEntries(
    Object.entries({ taskWebhookUrl, stepWebhookUrl, crewWebhookUrl }).filter(([, url]) => url),
  );
}

/** `GET /status/{kickoff_id}`: CrewAI always names the execution's state. */
const crewAiStatusSchema = z.object({ status: z.string() });

/** The kickoff's webhook URLs as the run stored them; a run stored without them uses the source's. */
const storedUrlsSchema = z.object({
  taskWebhookUrl: z.optional(z.string()),
  stepWebhookUrl: z.optional(z.string()),
  crewWebhookUrl: z.optional(z.string()),
});

/**
 * `/resume` takes the decision as `is_approve` and the reviewer's words as `human_feedback` (required, so
 * an approval without feedback sends an empty string), and must repeat the kickoff's webhook URLs.
 */
function resumeBody(source: Source, input: DeliveryInputOf<'review'>): Record<string, unknown> {
  const { response } = input;
  const stored = z.safeParse(storedUrlsSchema, input.run.externalData.webhookUrls).data;
  const taskId = input.request.externalData.taskId;
  return {
    execution_id: input.run.externalId,
    task_id: typeof taskId === 'string' ? taskId : input.request.externalId.split(':')[0],
    human_feedback: response.feedback?.trim() ?? '',
    is_approve: response.decision === 'approve',
    ...(stored ?? webhookUrlsOf(source)),
  };
}

function classifyResume(reply: PlatformReply, attemptNumber: number): DeliveryResult {
  if (reply.status === 400 || reply.status === 404 || reply.status === 409) {
    // /resume takes no idempotency key: after a timed-out attempt, that attempt may be what CrewAI saw.
    const earlier =
      attemptNumber > 1 ? '; an earlier attempt that timed out may have delivered it' : '';
    return {
      outcome: 'conflict',
      error: `the execution no longer waits for this review (${platformMessage(reply)})${earlier}`,
    };
  }
  return classifyReply(reply, label);
}

export const crewAiConnector: Connector<Settings, Secrets> = {
  kind: 'crewai',
  label,
  defaultBaseUrl: '',
  settingsSchema,
  secretsSchema,

  verifyWebhook: (source, input) => verifyCrewAiWebhook(source.secrets, input),

  /** The human-input webhook carries the whole pause: execution, task and output. */
  async webhookEvents(source, input) {
    const found = readHumanInput(parseWebhookBody(input.rawBody));
    if (!found) throw new WebhookBodyError('The body names no execution_id and task_id');
    return [toReviewEvent(found, crewName(source.baseUrl), webhookUrlsOf(source))];
  },

  /**
   * `/status` does not say when an execution waits for human input, and CrewAI lists no executions, so
   * polling only follows the executions Countersign knows, to see them finish.
   */
  async poll(source, knownRuns, ctx) {
    const events: NormalizedEvent[] = [];
    const problems: string[] = [];
    for (const known of knownRuns.slice(0, runsPerPoll)) {
      try {
        const reply = await call(source, ctx, `/status/${encodeURIComponent(known.externalId)}`, {
          method: 'GET',
        });
        const finished = isOk(reply)
          ? finishedStatuses.get(
              readReply(crewAiStatusSchema, reply.body, `${label}'s status of ${known.externalId}`)
                .status,
            )
          : undefined;
        if (finished) {
          events.push({
            run: toNormalizedRun(known.externalId, crewName(source.baseUrl), finished),
            requests: [],
            complete: true,
          });
        }
      } catch (error) {
        if (error instanceof PlatformUnreachable) throw error;
        if (error instanceof PlatformReplyError) problems.push(error.message);
      }
    }
    return { events, problems };
  },

  async deliver(source, input, ctx) {
    if (!isDeliveryOf(input, 'review')) {
      return { outcome: 'fatal', error: `${label} has no ${input.request.kind} requests` };
    }
    return attempt(async () =>
      classifyResume(
        await call(source, ctx, '/resume', { method: 'POST', json: resumeBody(source, input) }),
        input.attempt,
      ),
    );
  },

  /**
   * `POST /stop/{kickoff_id}` appears in older CrewAI docs but not in the current API reference; a crew
   * without it answers 404, which is reported rather than taken as stopped.
   */
  async stop(source, input, ctx) {
    return attempt(async () => {
      const reply = await call(source, ctx, `/stop/${encodeURIComponent(input.run.externalId)}`, {
        method: 'POST',
      });
      if (reply.status === 404) {
        return {
          outcome: 'fatal',
          error: `${label} answered ${platformMessage(reply)} to POST /stop: this crew may not offer stopping, so the execution may still be running there`,
        };
      }
      // An execution that already ended needs no stopping.
      if (reply.status === 400 || reply.status === 409) return { outcome: 'ok' };
      return classifyReply(reply, label);
    });
  },

  async testConnection(source, ctx) {
    try {
      const reply = await call(source, ctx, '/inputs', { method: 'GET' });
      if (!isOk(reply))
        return { ok: false, message: `${label} answered ${platformMessage(reply)}` };
      const inputs = objectOrNull(reply.body)?.inputs;
      const names = Array.isArray(inputs) ? inputs.filter((i) => typeof i === 'string') : [];
      return {
        ok: true,
        message: `Connected to the crew ${crewName(source.baseUrl)}${names.length ? `; it takes ${names.join(', ')}` : ''}`,
      };
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
  },
};
