import { ownRecordOf } from '../../../shared/own-keys';
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
import { m8tesCall, m8tesLabel, runPath, type M8tesSource } from './m8tes-api';
import { planApprovalHeader, readGates } from './m8tes-discovery';

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
  return classifyReply(reply, m8tesLabel);
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
  source: M8tesSource,
  ctx: PlatformContext,
  input: DeliveryInput,
): Promise<boolean> {
  if (!isDeliveryOf(input, 'tool')) return false;
  const wanted = input.response.decision === 'approve' ? 'allowed' : 'denied';
  const gates = await readGates(source, ctx, input.run.externalId);
  return gates.some((p) => p.request_id === input.request.externalId && p.status === wanted);
}

/** Tool gates go to `/approve`; plans and question batches to `/answer`, with the key m8tes dedupes on. */
export async function deliverToM8tes(
  source: M8tesSource,
  input: DeliveryInput,
  ctx: PlatformContext,
): Promise<DeliveryResult> {
  const body = isDeliveryOf(input, 'tool')
    ? approveBody(input)
    : isDeliveryOf(input, 'plan')
      ? planBody(input)
      : isDeliveryOf(input, 'questions')
        ? questionsBody(input)
        : null;
  if (!body) {
    return { outcome: 'fatal', error: `${m8tesLabel} has no ${input.request.kind} requests` };
  }
  const tool = input.request.kind === 'tool';
  const result = await attempt(async () =>
    classify(
      await m8tesCall(source, ctx)(runPath(input.run.externalId, tool ? '/approve' : '/answer'), {
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
}

export async function stopOnM8tes(
  source: M8tesSource,
  input: StopInput,
  ctx: PlatformContext,
): Promise<DeliveryResult> {
  return attempt(async () => {
    const reply = await m8tesCall(source, ctx)(runPath(input.run.externalId, '/cancel'), {
      method: 'POST',
      headers: { 'Idempotency-Key': input.idempotencyKey },
    });
    // A run that already finished needs no stopping.
    if (reply.status === 409) return { outcome: 'ok' };
    return classifyReply(reply, m8tesLabel);
  });
}
