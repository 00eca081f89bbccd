import type { contactInputSchema, functionCallInputSchema } from '../../../shared/humanlayer';
import { agentSourceId } from '../../auth/guards';
import { askOnce, findKeyedRequest } from '../../domain/keyed-requests';
import type { AppHandler } from '../../http/app-env';
import type { JsonInput } from '../../http/validators';
import { notFound } from '../../lib/api-error';
import { pathParam } from '../../lib/params';
import { contactAsk, functionCallAsk, toContact, toFunctionCall } from './humanlayer-shapes';

/** The runs an agent starts here are titled by its run id and say where they came from. */
const platformLabel = 'the HumanLayer API';

export const createFunctionCall: AppHandler<JsonInput<typeof functionCallInputSchema>> = async (
  c,
) => {
  const body = c.req.valid('json');
  const keyed = await askOnce(c.get('deps'), {
    sourceId: agentSourceId(c),
    runKey: body.run_id,
    runTitle: body.run_id,
    runLabel: platformLabel,
    callKey: body.call_id,
    ...functionCallAsk(body),
  });
  return c.json(toFunctionCall(keyed), 200);
};

export const getFunctionCall: AppHandler = async (c) => {
  const keyed = await findKeyedRequest(c.get('deps'), agentSourceId(c), pathParam(c, 'callId'), [
    'tool',
  ]);
  if (!keyed) throw notFound('Function call');
  return c.json(toFunctionCall(keyed), 200);
};

export const createContact: AppHandler<JsonInput<typeof contactInputSchema>> = async (c) => {
  const body = c.req.valid('json');
  const keyed = await askOnce(c.get('deps'), {
    sourceId: agentSourceId(c),
    runKey: body.run_id,
    runTitle: body.run_id,
    runLabel: platformLabel,
    callKey: body.call_id,
    ...contactAsk(body),
  });
  return c.json(toContact(keyed), 200);
};

export const getContact: AppHandler = async (c) => {
  const keyed = await findKeyedRequest(c.get('deps'), agentSourceId(c), pathParam(c, 'callId'), [
    'message',
  ]);
  if (!keyed) throw notFound('Contact request');
  return c.json(toContact(keyed), 200);
};
