import * as z from 'zod/mini';
import {
  isDeliveryOf,
  type DeliveryInput,
  type DeliveryInputOf,
  type DeliveryResult,
  type PlatformContext,
  type StopInput,
} from '../connector';
import { attempt, classifyReply, platformMessage, type PlatformReply } from '../kit/http';
import { crewAiCall, crewAiLabel, sourceWebhookUrls, type CrewAiSource } from './crewai-api';

/**
 * The kickoff's webhook URLs as the run stored them (see `kickoffWebhookUrls`); a run stored before they
 * were kept uses the source's.
 */
const storedUrlsSchema = z.object({
  taskWebhookUrl: z.optional(z.string()),
  stepWebhookUrl: z.optional(z.string()),
  crewWebhookUrl: z.optional(z.string()),
});

/**
 * `/resume` takes the decision as `is_approve` and the reviewer's words as `human_feedback` (required, so
 * an approval without feedback sends an empty string), and must repeat the kickoff's webhook URLs.
 */
function resumeBody(
  source: CrewAiSource,
  input: DeliveryInputOf<'review'>,
): Record<string, unknown> {
  const { response } = input;
  const stored = z.safeParse(storedUrlsSchema, input.run.externalData.webhookUrls).data;
  const taskId = input.request.externalData.taskId;
  return {
    execution_id: input.run.externalId,
    task_id: typeof taskId === 'string' ? taskId : input.request.externalId.split(':')[0],
    human_feedback: response.feedback?.trim() ?? '',
    is_approve: response.decision === 'approve',
    ...(stored ?? sourceWebhookUrls(source)),
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
  return classifyReply(reply, crewAiLabel);
}

export async function deliverToCrewAi(
  source: CrewAiSource,
  input: DeliveryInput,
  ctx: PlatformContext,
): Promise<DeliveryResult> {
  if (!isDeliveryOf(input, 'review')) {
    return { outcome: 'fatal', error: `${crewAiLabel} has no ${input.request.kind} requests` };
  }
  return attempt(async () =>
    classifyResume(
      await crewAiCall(source, ctx)('/resume', { method: 'POST', json: resumeBody(source, input) }),
      input.attempt,
    ),
  );
}

/**
 * `POST /stop/{kickoff_id}` appears in older CrewAI docs but not in the current API reference; a crew
 * without it answers 404, which is reported rather than taken as stopped.
 */
export async function stopOnCrewAi(
  source: CrewAiSource,
  input: StopInput,
  ctx: PlatformContext,
): Promise<DeliveryResult> {
  return attempt(async () => {
    const reply = await crewAiCall(source, ctx)(
      `/stop/${encodeURIComponent(input.run.externalId)}`,
      { method: 'POST' },
    );
    if (reply.status === 404) {
      return {
        outcome: 'fatal',
        error: `${crewAiLabel} answered ${platformMessage(reply)} to POST /stop: this crew may not offer stopping, so the execution may still be running there`,
      };
    }
    // An execution that already ended needs no stopping.
    if (reply.status === 400 || reply.status === 409) return { outcome: 'ok' };
    return classifyReply(reply, crewAiLabel);
  });
}
