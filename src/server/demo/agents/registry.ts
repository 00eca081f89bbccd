import type { RequestKind } from '../../../shared/requests';
import type { DemoAgent } from './agent-context';
import { messageAgent } from './message';
import { planAgent } from './plan';
import { questionsAgent } from './questions';
import { reviewAgent } from './review';
import { takeoverAgent } from './takeover';
import { toolAgent } from './tool';

export const demoAgents: Record<RequestKind, DemoAgent> = {
  questions: questionsAgent,
  tool: toolAgent,
  plan: planAgent,
  review: reviewAgent,
  message: messageAgent,
  takeover: takeoverAgent,
};
