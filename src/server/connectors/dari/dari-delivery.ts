import {
  isDeliveryOf,
  type DeliveryInput,
  type DeliveryInputOf,
  type DeliveryResult,
  type PlatformContext,
  type StopInput,
} from '../connector';
import { storedText } from '../kit/external-data';
import { attempt, classifyReply, platformMessage, type PlatformReply } from '../kit/http';
import { objectOrNull } from '../kit/webhook-body';
import { dariLabel, jobAddress, jobCall, type DariSource } from './dari-api';

/** Every answer of the batch in one call (the HITL guide), or the older single-question body. */
function answerBody(input: DeliveryInputOf<'questions'>): Record<string, unknown> {
  const { format, batchId, questionIds } = input.request.externalData;
  const answers = input.response.answers.map(({ questionId, value }) => ({
    question_id: storedText(questionIds, questionId) ?? questionId,
    answer: value,
  }));
  if (format === 'single') return answers[0] ?? {};
  return { batch_id: batchId, answers };
}

/** Dari answers 409 when the job no longer waits or the question is stale, and may say `success: false`. */
function classify(reply: PlatformReply): DeliveryResult {
  if (reply.status === 409) {
    return { outcome: 'conflict', error: `Dari refused it: ${platformMessage(reply)}` };
  }
  const result = classifyReply(reply, dariLabel);
  const body = objectOrNull(reply.body);
  if (result.outcome === 'ok' && body?.success === false) {
    return {
      outcome: 'fatal',
      error: `Dari did not accept the answer: ${String(body.message ?? 'no reason given')}`,
    };
  }
  return result;
}

export async function deliverToDari(
  source: DariSource,
  input: DeliveryInput,
  ctx: PlatformContext,
): Promise<DeliveryResult> {
  if (!isDeliveryOf(input, 'questions')) {
    return { outcome: 'fatal', error: `${dariLabel} has no ${input.request.kind} requests` };
  }
  const address = jobAddress(source, input.run.externalData);
  return attempt(async () =>
    classify(
      await jobCall(source, ctx, address, 'answer', { method: 'POST', json: answerBody(input) }),
    ),
  );
}

export async function stopOnDari(
  source: DariSource,
  input: StopInput,
  ctx: PlatformContext,
): Promise<DeliveryResult> {
  const address = jobAddress(source, input.run.externalData);
  return attempt(async () => {
    const reply = await jobCall(source, ctx, address, 'stop', { method: 'POST' });
    // A job that already ended needs no stopping.
    if (reply.status === 409) return { outcome: 'ok' };
    return classifyReply(reply, dariLabel);
  });
}
