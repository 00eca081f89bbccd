import type {
  Contact,
  ContactInput,
  FunctionCall,
  FunctionCallInput,
  HumanlayerOption,
} from '../../../shared/humanlayer';
import type {
  AnswerOption,
  CreateRequestParsed,
  Request,
  RequestOf,
} from '../../../shared/requests';
import { ownValue } from '../../../shared/own-keys';
import type { KeyedRequest } from '../../domain/keyed-requests';

/** What the agent asked to have back: HumanLayer's `state` and the options as it named them. */
type Kept = { state?: Record<string, unknown>; options?: HumanlayerOption[] };

export function toAnswerOptions(options: HumanlayerOption[] | null | undefined) {
  if (!options?.length) return undefined;
  return options.map((o): AnswerOption => ({
    name: o.name,
    ...(o.title ? { title: o.title } : {}),
    ...(o.description ? { description: o.description } : {}),
    ...(o.prompt_fill ? { prefill: o.prompt_fill } : {}),
  }));
}

function keep(
  spec: { state?: Record<string, unknown> | null },
  options?: HumanlayerOption[] | null,
) {
  const kept: Kept = {};
  if (spec.state) kept.state = spec.state;
  if (options?.length) kept.options = options;
  return kept;
}

/**
 * A function call is a `tool` request. The SDK runs the function with its own arguments once approved,
 * so the call cannot be edited; its `reject_options` are the reasons a reviewer may pick to deny.
 */
export function functionCallAsk(input: FunctionCallInput) {
  const request: CreateRequestParsed = {
    kind: 'tool',
    tool: input.spec.fn,
    input: input.spec.kwargs,
    canRemember: true,
    editable: false,
    denyOptions: toAnswerOptions(input.spec.reject_options),
  };
  return { input: request, keep: keep(input.spec, input.spec.reject_options) };
}

/** A contact request is a `message` request; its `response_options` are replies the reviewer can pick. */
export function contactAsk(input: ContactInput) {
  const request: CreateRequestParsed = {
    kind: 'message',
    message: input.spec.msg,
    options: toAnswerOptions(input.spec.response_options),
  };
  return { input: request, keep: keep(input.spec, input.spec.response_options) };
}

/** Why a request closed without a reviewer's answer, told to an agent that has no other way to learn it. */
function unanswered(request: Request): string | null {
  if (request.status === 'expired') return 'Nobody answered before the request expired';
  if (request.status === 'cancelled') return 'The request was cancelled in Countersign';
  return null;
}

function timesOf(request: Request) {
  const closedAt = request.answeredAt ?? (request.status === 'expired' ? request.expiresAt : null);
  return { requested_at: request.createdAt, ...(closedAt ? { responded_at: closedAt } : {}) };
}

function specExtras(kept: Kept, optionsKey: 'reject_options' | 'response_options') {
  return {
    ...(kept.options ? { [optionsKey]: kept.options } : {}),
    ...(kept.state ? { state: kept.state } : {}),
  };
}

/** An expired or cancelled call reads as denied, so the SDK's loop ends instead of polling for ever. */
export function toFunctionCall({ request, runKey, callKey, kept }: KeyedRequest): FunctionCall {
  const tool = request as RequestOf<'tool'>;
  const status: FunctionCall['status'] = timesOf(request);
  const closed = unanswered(request);
  if (tool.response) {
    status.approved = tool.response.decision === 'approve';
    if (tool.response.note) status.comment = tool.response.note;
    if (tool.response.denyOption) status.reject_option_name = tool.response.denyOption;
  } else if (closed) {
    status.approved = false;
    status.comment = closed;
  }
  return {
    run_id: runKey,
    call_id: callKey,
    spec: { fn: tool.tool, kwargs: tool.input, ...specExtras(kept, 'reject_options') },
    status,
  };
}

/** A reply with fields reads as `label: value` lines; an expired or cancelled contact says so. */
export function toContact({ request, runKey, callKey, kept }: KeyedRequest): Contact {
  const message = request as RequestOf<'message'>;
  const status: Contact['status'] = timesOf(request);
  const response = message.response;
  if (response && 'text' in response) {
    status.response = response.text;
    if (response.option) status.response_option_name = response.option;
  } else if (response) {
    status.response = (message.fields ?? [])
      .map((f) => `${f.label}: ${ownValue(response.fields, f.name) ?? ''}`)
      .join('\n');
  } else {
    const closed = unanswered(request);
    if (closed) status.response = closed;
  }
  return {
    run_id: runKey,
    call_id: callKey,
    spec: { msg: message.message, ...specExtras(kept, 'response_options') },
    status,
  };
}
