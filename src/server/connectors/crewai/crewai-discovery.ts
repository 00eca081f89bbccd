import { createHash } from 'node:crypto';
import { usableId, type NormalizedEvent, type NormalizedRun } from '../connector';
import { objectOrNull } from '../kit/webhook-body';

/** The webhook URLs a kickoff passes; CrewAI forgets them on resume unless they are sent again. */
export type CrewAiWebhookUrls = {
  taskWebhookUrl?: string;
  stepWebhookUrl?: string;
  crewWebhookUrl?: string;
};

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

/** A deployed crew lives at `https://<crew-name>.crewai.com`. */
export function crewName(baseUrl: string): string {
  try {
    const host = new URL(baseUrl).hostname;
    return host.endsWith('.crewai.com') ? host.split('.')[0]! : 'CrewAI crew';
  } catch {
    return 'CrewAI crew';
  }
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
