import { canAnswer } from '../../../shared/users';
import { ApiError } from '../../lib/api-error';
import { answerRequest } from '../answers';
import type { DomainContext } from '../context';
import {
  countersignUser,
  pendingRequestFor,
  whyClosed,
  type SlackCallContext,
} from './slack-interactions';
import {
  callbackPrefix,
  isModalDecision,
  noticeModal,
  problemsToErrors,
  readModalAnswer,
  type ViewValues,
} from './slack-modals';

/** A submitted modal: who submitted it, its `callback_id`, `private_metadata` and `state.values`. */
export type SlackSubmission = {
  slackUserId: string;
  callbackId: string;
  requestId: string;
  values: ViewValues;
};

/**
 * Slack's answer to a submission: nothing (the modal closes), field errors shown under the inputs, or
 * the modal replaced by a notice.
 */
export type SubmissionReply =
  | null
  | { response_action: 'errors'; errors: Record<string, string> }
  | { response_action: 'update'; view: Record<string, unknown> };

const notice = (text: string): SubmissionReply => ({
  response_action: 'update',
  view: noticeModal('Countersign', text),
});

/**
 * Answers a request from a submitted modal through the same domain function as the web app. The request
 * id comes from `private_metadata`, which the user could have had a hand in: who submits is checked
 * again here, as for a click, and the answer is only what the request's own kind accepts.
 */
export async function handleSlackSubmission(
  ctx: DomainContext,
  slack: SlackCallContext,
  submission: SlackSubmission,
): Promise<SubmissionReply> {
  const decision = submission.callbackId.startsWith(callbackPrefix)
    ? submission.callbackId.slice(callbackPrefix.length)
    : '';
  if (!isModalDecision(decision)) return notice('Countersign does not know this form.');
  const user = await countersignUser(ctx.db, slack, submission.slackUserId, ctx.now().getTime());
  if (!user) {
    return notice('Countersign does not know your Slack email address, so you cannot answer here.');
  }
  if (!canAnswer(user.role)) return notice('You may not answer requests in Countersign.');
  const request = await pendingRequestFor(ctx, submission.requestId, decision);
  if (!request) return notice(await whyClosed(ctx, submission.requestId));
  const answer = readModalAnswer(decision, request.payload, submission.values);
  if (!answer.ok) return { response_action: 'errors', errors: answer.errors };
  try {
    const result = await answerRequest(ctx, user, request.id, answer.body, undefined, {
      actor: user.username,
      actorId: user.id,
      ip: null,
      userAgent: 'Slack',
    });
    if (result.status === 200) return null;
  } catch (error) {
    if (error instanceof ApiError && error.status === 422) {
      const problems = (error.details ?? {}) as Record<string, unknown>;
      return {
        response_action: 'errors',
        errors: problemsToErrors(decision, request.payload, problems),
      };
    }
    if (!(error instanceof ApiError)) throw error;
  }
  return notice(await whyClosed(ctx, request.id));
}
