import { randomUUID } from 'node:crypto';
import { postWebhook, startFakeServer, type RecordedCall, type Reply } from './fake-server';

type Authentication =
  { strategy: 'bearer'; token: string } | { strategy: 'basic'; username: string; password: string };

type WebhookUrls = { taskWebhookUrl?: string; stepWebhookUrl?: string; crewWebhookUrl?: string };

type KickoffBody = WebhookUrls & {
  inputs: Record<string, string>;
  meta?: Record<string, unknown>;
  humanInputWebhook?: { url: string; authentication: Authentication };
};

type FakeExecution = {
  kickoff_id: string;
  status: 'running' | 'pending_human_input' | 'completed' | 'error' | 'stopped';
  inputs: Record<string, string>;
  humanInputWebhook: KickoffBody['humanInputWebhook'];
  /** The task/step/crew webhook URLs CrewAI would call now; a resume without them drops them. */
  webhookUrls: WebhookUrls;
  pending: { task_id: string; output: string } | null;
  completedTasks: { task_id: string; output: string }[];
  totalTasks: number;
};

const problem = (status: number, error: string, message = error): Reply => ({
  status,
  body: { error, message },
});

function pickUrls(body: WebhookUrls): WebhookUrls {
  const { taskWebhookUrl, stepWebhookUrl, crewWebhookUrl } = body;
  return Object.fromEntries(
    Object.entries({ taskWebhookUrl, stepWebhookUrl, crewWebhookUrl }).filter(([, v]) => v),
  );
}

/**
 * A deployed CrewAI AMP crew as Countersign uses it: `/inputs`, `/kickoff` (with `humanInputWebhook`),
 * `/status/{id}`, `/resume` (its 400/404/422 answers) and, when `stopSupported`, the older `/stop/{id}`.
 * Bearer-token auth. The crew calls the kickoff's human-input webhook with the kickoff's credentials.
 */
export async function startCrewAiFake(options: { apiToken: string; inputs?: string[] }) {
  const executions = new Map<string, FakeExecution>();
  let stopSupported = true;
  const authorized = (call: RecordedCall) =>
    call.headers.authorization === `Bearer ${options.apiToken}`;
  const unauthorized = problem(401, 'Unauthorized', 'Invalid or missing bearer token');

  const fake = await startFakeServer([
    [
      'GET',
      /^\/inputs$/,
      (call) =>
        authorized(call)
          ? { status: 200, body: { inputs: options.inputs ?? ['topic'] } }
          : unauthorized,
    ],
    [
      'POST',
      /^\/kickoff$/,
      (call) => {
        if (!authorized(call)) return unauthorized;
        return { status: 200, body: { kickoff_id: kickoff(call.body as KickoffBody) } };
      },
    ],
    [
      'GET',
      /^\/status\/([^/]+)$/,
      (call, [id]) => {
        if (!authorized(call)) return unauthorized;
        const execution = executions.get(id ?? '');
        if (!execution) return problem(404, 'Execution not found', `No execution ${id}`);
        return { status: 200, body: statusBody(execution) };
      },
    ],
    [
      'POST',
      /^\/resume$/,
      (call) => {
        if (!authorized(call)) return unauthorized;
        const body = (call.body ?? {}) as Record<string, unknown>;
        const missing = ['execution_id', 'task_id', 'human_feedback', 'is_approve'].filter(
          (key) => body[key] === undefined,
        );
        if (
          missing.length ||
          typeof body.is_approve !== 'boolean' ||
          typeof body.human_feedback !== 'string'
        ) {
          return {
            status: 422,
            body: { error: 'Validation error', message: 'Invalid body', details: { missing } },
          };
        }
        const execution = executions.get(String(body.execution_id));
        if (!execution) return problem(404, 'Execution not found');
        if (execution.status !== 'pending_human_input' || !execution.pending) {
          return problem(400, 'Execution is not in pending human input state');
        }
        if (execution.pending.task_id !== body.task_id) return problem(404, 'Task not found');
        execution.webhookUrls = pickUrls(body as WebhookUrls);
        execution.status = 'running';
        if (body.is_approve) {
          execution.completedTasks.push(execution.pending);
          execution.pending = null;
          return { status: 200, body: { status: 'resumed', message: 'Execution resumed' } };
        }
        execution.pending = null;
        return {
          status: 200,
          body: { status: 'retrying', message: 'Task will be retried with your feedback' },
        };
      },
    ],
    [
      'POST',
      /^\/stop\/([^/]+)$/,
      (call, [id]) => {
        if (!authorized(call)) return unauthorized;
        if (!stopSupported) return { status: 404, body: { detail: 'Not Found' } };
        const execution = executions.get(id ?? '');
        if (!execution) return problem(404, 'Execution not found');
        execution.status = 'stopped';
        return { status: 200, body: { status: 'stopped', message: 'Execution stopped' } };
      },
    ],
  ]);

  function statusBody(execution: FakeExecution) {
    if (execution.status === 'completed') {
      return {
        status: 'completed',
        result: {
          output: execution.completedTasks.at(-1)?.output ?? '',
          tasks: execution.completedTasks.map((t) => ({
            ...t,
            agent: 'Researcher',
            execution_time: 3.2,
          })),
        },
        execution_time: 12.5,
      };
    }
    if (execution.status === 'error') {
      return { status: 'error', error: 'The crew raised an exception', execution_time: 4.1 };
    }
    return {
      status: 'running',
      current_task: execution.pending?.task_id ?? 'working',
      progress: {
        completed_tasks: execution.completedTasks.length,
        total_tasks: execution.totalTasks,
      },
    };
  }

  function kickoff(body: KickoffBody): string {
    const id = randomUUID();
    executions.set(id, {
      kickoff_id: id,
      status: 'running',
      inputs: body.inputs ?? {},
      humanInputWebhook: body.humanInputWebhook,
      webhookUrls: pickUrls(body),
      pending: null,
      completedTasks: [],
      totalTasks: 3,
    });
    return id;
  }

  /** `authorization`: the header to send instead of the kickoff's credentials (null: none). */
  type Tweak = { authorization?: string | null };

  /** A task with `human_input=True` finished: the execution pauses and the crew calls the webhook. */
  function askForReview(kickoffId: string, taskId: string, output: string) {
    const execution = executions.get(kickoffId)!;
    execution.status = 'pending_human_input';
    execution.pending = { task_id: taskId, output };
  }

  function authorizationFor(auth: Authentication): string {
    return auth.strategy === 'bearer'
      ? `Bearer ${auth.token}`
      : `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
  }

  /** Calls the kickoff's `humanInputWebhook` about the pending task. */
  function sendHumanInputWebhook(kickoffId: string, tweak: Tweak = {}) {
    const execution = executions.get(kickoffId)!;
    const hook = execution.humanInputWebhook!;
    const raw = JSON.stringify({
      execution_id: kickoffId,
      task_id: execution.pending!.task_id,
      output: execution.pending!.output,
    });
    const authorization =
      tweak.authorization === undefined
        ? authorizationFor(hook.authentication)
        : tweak.authorization;
    return postWebhook(
      hook.url,
      raw,
      authorization === null ? {} : { Authorization: authorization },
    );
  }

  return {
    ...fake,
    executions,
    kickoff,
    askForReview,
    sendHumanInputWebhook,
    /** Someone resumed the execution in the CrewAI dashboard. */
    resumeElsewhere(kickoffId: string) {
      const execution = executions.get(kickoffId)!;
      execution.status = 'running';
      execution.pending = null;
    },
    finish(kickoffId: string, status: 'completed' | 'error') {
      executions.get(kickoffId)!.status = status;
    },
    setStopSupported(value: boolean) {
      stopSupported = value;
    },
    resumeCalls: (kickoffId: string) =>
      fake
        .callsTo('POST', '/resume')
        .filter((c) => (c.body as { execution_id?: string } | null)?.execution_id === kickoffId),
  };
}

export type CrewAiFake = Awaited<ReturnType<typeof startCrewAiFake>>;
