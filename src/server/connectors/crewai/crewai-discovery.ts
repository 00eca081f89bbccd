import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { escapeLogText } from '../../lib/logger';
import {
  usableId,
  WebhookBodyError,
  type KnownRun,
  type NormalizedEvent,
  type NormalizedRun,
  type PlatformContext,
  type PollResult,
  type WebhookInput,
} from '../connector';
import { isOk } from '../kit/http';
import { lookAt, readReply } from '../kit/platform-reply';
import { clip } from '../kit/platform-text';
import { objectOrNull, parseWebhookBody } from '../kit/webhook-body';
import {
  crewAiCall,
  crewAiLabel,
  crewName,
  sourceWebhookUrls,
  type CrewAiSource,
  type CrewAiWebhookUrls,
} from './crewai-api';

export type HumanInput = {
  executionId: string;
  taskId: string;
  output: string;
  taskName: string | null;
};

const text = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value : null;

function outputText(value: unknown): string | null {
  if (typeof value === 'string') return text(value);
  if (value && typeof value === 'object') {
    const raw = objectOrNull(value)?.raw;
    if (typeof raw === 'string') return text(raw);
    try {
      return `\`\`\`json\n${JSON.stringify(value, null, 2)}\n\`\`\``;
    } catch {
      // Nested too deep to print: the reviewer still gets the rest of the pause.
      return null;
    }
  }
  return null;
}

/**
 * CrewAI documents the human-input webhook only as carrying the execution id, task id and task output,
 * without key names: the likely keys are read, at the top level or under `data` / `payload`.
 */
export function readHumanInput(body: Record<string, unknown>): HumanInput | null {
  const layers = [body, body.data, body.payload].filter(
    (layer): layer is Record<string, unknown> => !!layer && typeof layer === 'object',
  );
  const first = (keys: string[], read: (value: unknown) => string | null = text) => {
    for (const layer of layers) {
      for (const key of keys) {
        const found = read(layer[key]);
        if (found !== null) return found;
      }
    }
    return null;
  };
  const executionId = first(['execution_id', 'kickoff_id', 'executionId', 'kickoffId'], usableId);
  const taskId = first(['task_id', 'taskId'], usableId);
  if (!executionId || !taskId) return null;
  return {
    executionId,
    taskId,
    output: first(['output', 'task_output', 'taskOutput', 'raw', 'result'], outputText) ?? '',
    taskName: first(['task_name', 'taskName', 'name', 'task_description', 'description']),
  };
}

export function toNormalizedRun(
  executionId: string,
  name: string,
  status?: NormalizedRun['status'],
  webhookUrls?: CrewAiWebhookUrls,
): NormalizedRun {
  return {
    externalId: executionId,
    title: `${name} run ${executionId.slice(0, 8)}`,
    ...(status ? { status } : {}),
    externalData: { kickoffId: executionId, ...(webhookUrls ? { webhookUrls } : {}) },
  };
}

/**
 * A task waiting for human input is a review of its output. A rejected task is re-run and comes back
 * with the same task id, so the pause is told apart by its output too.
 */
export function toReviewEvent(
  input: HumanInput,
  name: string,
  webhookUrls: CrewAiWebhookUrls,
): NormalizedEvent {
  const digest = createHash('sha256').update(input.output).digest('hex').slice(0, 16);
  return {
    run: toNormalizedRun(input.executionId, name, undefined, webhookUrls),
    requests: [
      {
        externalId: `${input.taskId}:${digest}`,
        request: {
          kind: 'review',
          output: input.output.trim().slice(0, 200_000) || '(The task returned no output.)',
          title: (input.taskName ?? `Task ${input.taskId}`).slice(0, 500),
        },
        externalData: { taskId: input.taskId },
      },
    ],
    // The execution pauses on one task at a time, so an older open review was settled on CrewAI.
    complete: true,
  };
}

const runsPerPoll = 50;
// A Map: the status is CrewAI's string, and `constructor` must not read as finished.
const finishedStatuses = new Map<string, 'completed' | 'failed'>([
  ['completed', 'completed'],
  ['error', 'failed'],
  ['failed', 'failed'],
]);

/** `GET /status/{kickoff_id}`: CrewAI always names the execution's state. */
const crewAiStatusSchema = z.object({ status: z.string() });

const kickoffUrlNames = ['taskWebhookUrl', 'stepWebhookUrl', 'crewWebhookUrl'] as const;
const kickoffUrlSchema = z.url({ protocol: /^https?$/ }).check(z.maxLength(2000));

/** A value from the webhook URL as the source's health may show it: short, one line, no controls. */
const shown = (value: string) => `"${escapeLogText(clip(value, 120))}"`;

/**
 * The webhook URLs of the kickoff a pause belongs to. CrewAI's docs require `/resume` to repeat the
 * `taskWebhookUrl`, `stepWebhookUrl` and `crewWebhookUrl` given at kickoff (it does not carry them over),
 * and different kickoffs of one crew may give different ones, but neither the human-input webhook's body
 * nor `/status` says what they were. So the `humanInputWebhook.url` each kickoff gives CrewAI may carry
 * that kickoff's URLs as query parameters of the same names (Settings shows how to build it); they are
 * stored with the execution and repeated exactly. The source's own URLs stand in only when a kickoff's
 * webhook URL carries none. A parameter that is not one http(s) URL is never repeated to CrewAI, but the
 * pause is still a pause: the source's URL of that name stands in and `problems` names the parameter.
 */
export function kickoffWebhookUrls(
  query: URLSearchParams,
  source: CrewAiSource,
): { urls: CrewAiWebhookUrls; problems: string[] } {
  const given: CrewAiWebhookUrls = {};
  const problems: string[] = [];
  const fallback = sourceWebhookUrls(source);
  let named = false;
  for (const name of kickoffUrlNames) {
    const values = query.getAll(name);
    if (values.length === 0) continue;
    named = true;
    const parsed = z.safeParse(kickoffUrlSchema, values[0]);
    if (values.length === 1 && parsed.success) {
      given[name] = parsed.data;
      continue;
    }
    const instead = fallback[name]
      ? `the source's ${name} is sent instead`
      : `no ${name} is sent, as the source has none`;
    problems.push(
      values.length > 1
        ? `${name} is given ${values.length} times, where one http(s) URL is expected; ${instead}`
        : `${name} ${shown(values[0]!)} is not an http(s) URL of at most 2000 characters; ${instead}`,
    );
    if (fallback[name]) given[name] = fallback[name];
  }
  return { urls: named ? given : fallback, problems };
}

/** The human-input webhook carries the whole pause: execution, task and output. */
export async function crewAiWebhookEvents(
  source: CrewAiSource,
  input: WebhookInput,
): Promise<NormalizedEvent[]> {
  const found = readHumanInput(parseWebhookBody(input.rawBody));
  if (!found) throw new WebhookBodyError('The body names no execution_id and task_id');
  const { urls, problems } = kickoffWebhookUrls(input.query, source);
  const event = toReviewEvent(found, crewName(source.baseUrl), urls);
  if (problems.length === 0) return [event];
  const about = `The human-input webhook URL of ${crewAiLabel} execution ${shown(found.executionId)}`;
  return [{ ...event, problems: problems.map((problem) => `${about}: ${problem}`) }];
}

/**
 * `/status` does not say when an execution waits for human input, and CrewAI lists no executions, so
 * polling only follows the executions Countersign knows, to see them finish.
 */
export async function pollCrewAi(
  source: CrewAiSource,
  knownRuns: KnownRun[],
  ctx: PlatformContext,
): Promise<PollResult> {
  const events: NormalizedEvent[] = [];
  const problems: string[] = [];
  const call = crewAiCall(source, ctx);
  for (const known of knownRuns.slice(0, runsPerPoll)) {
    const finished = await lookAt(problems, async () => {
      const reply = await call(`/status/${encodeURIComponent(known.externalId)}`, {
        method: 'GET',
      });
      if (!isOk(reply)) return undefined;
      const { status } = readReply(
        crewAiStatusSchema,
        reply.body,
        `${crewAiLabel}'s status of ${known.externalId}`,
      );
      return finishedStatuses.get(status);
    });
    if (finished) {
      events.push({
        run: toNormalizedRun(known.externalId, crewName(source.baseUrl), finished),
        requests: [],
        complete: true,
      });
    }
  }
  return { events, problems };
}
