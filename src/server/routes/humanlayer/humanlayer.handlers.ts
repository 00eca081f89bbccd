import type { Context } from 'hono';
import type { contactInputSchema, functionCallInputSchema } from '../../../shared/humanlayer';
import type { CreateRequestParsed } from '../../../shared/requests';
import { agentSourceId } from '../../auth/guards';
import { askOnce, findKeyedRequest } from '../../domain/keyed-requests';
import type { AppEnv, AppHandler } from '../../http/app-env';
import type { JsonInput } from '../../http/validators';
import { notFound } from '../../lib/api-error';
import { pathParam } from '../../lib/params';
import { contactAsk, functionCallAsk, toContact, toFunctionCall } from './humanlayer-shapes';

type Ask = { input: CreateRequestParsed; keep: Record<string, unknown> };

/** Asks once per call id; the runs an agent starts here are titled by its run id and say where from. */
function ask(c: Context<AppEnv>, body: { run_id: string; call_id: string }, asked: Ask) {
  return askOnce(c.get('deps'), {
    sourceId: agentSourceId(c),
    runKey: body.run_id,
    runTitle: body.run_id,
    runLabel: 'the HumanLayer API',
    callKey: body.call_id,
    ...asked,
  });
}

function find(c: Context<AppEnv>, kind: 'tool' | 'message') {
  return findKeyedRequest(c.get('deps'), agentSourceId(c), pathParam(c, 'callId'), [kind]);
}

export const createFunctionCall: AppHandler<JsonInput<typeof functionCallInputSchema>> = async (
  c,
) => {
  const body = c.req.valid('json');
  return c.json(toFunctionCall(await ask(c, body, functionCallAsk(body))), 200);
};

export const getFunctionCall: AppHandler = async (c) => {
  const keyed = await find(c, 'tool');
  if (!keyed) throw notFound('Function call');
  return c.json(toFunctionCall(keyed), 200);
};

export const createContact: AppHandler<JsonInput<typeof contactInputSchema>> = async (c) => {
  const body = c.req.valid('json');
  return c.json(toContact(await ask(c, body, contactAsk(body))), 200);
};

export const getContact: AppHandler = async (c) => {
  const keyed = await find(c, 'message');
  if (!keyed) throw notFound('Contact request');
  return c.json(toContact(keyed), 200);
};
