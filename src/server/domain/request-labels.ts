import type { Request } from '../../shared/requests';

export const kindLabels: Record<Request['kind'], string> = {
  questions: 'questions',
  tool: 'tool call',
  plan: 'plan',
  review: 'review',
  message: 'message',
  takeover: 'takeover',
};

export function kindLabel(kind: string): string {
  return kindLabels[kind as Request['kind']] ?? kind;
}
