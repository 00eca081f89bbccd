import { Hono } from 'hono';
import { contactInputSchema, functionCallInputSchema } from '../../../shared/humanlayer';
import { requireAgent } from '../../auth/guards';
import type { AppEnv } from '../../http/app-env';
import { jsonBody } from '../../http/validators';
import * as handlers from './humanlayer.handlers';

/**
 * The HumanLayer API's agent side, so an agent on the HumanLayer SDK asks Countersign by setting
 * `HUMANLAYER_API_BASE` (and its API key to a Countersign agent token). Mounted at `/humanlayer/v1`.
 */
export const humanlayerRoutes = new Hono<AppEnv>()
  .post(
    '/function_calls',
    requireAgent,
    jsonBody(functionCallInputSchema),
    handlers.createFunctionCall,
  )
  .get('/function_calls/:callId', requireAgent, handlers.getFunctionCall)
  .post('/contact_requests', requireAgent, jsonBody(contactInputSchema), handlers.createContact)
  .get('/contact_requests/:callId', requireAgent, handlers.getContact);
