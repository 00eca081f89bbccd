import type { RequestKind } from '../../shared/requests';
import type { RunStatus } from '../../shared/runs';
import { Badge, type BadgeTone } from './ui/badge';

export const kindLabels: Record<RequestKind, string> = {
  questions: 'Questions',
  tool: 'Tool',
  plan: 'Plan',
  review: 'Review',
  message: 'Message',
  takeover: 'Takeover',
};

const kindTones: Record<RequestKind, BadgeTone> = {
  questions: 'sky',
  tool: 'amber',
  plan: 'violet',
  review: 'indigo',
  message: 'neutral',
  takeover: 'green',
};

export function KindBadge({ kind }: { kind: RequestKind }) {
  return <Badge tone={kindTones[kind]}>{kindLabels[kind]}</Badge>;
}

export const statusLabels: Record<RunStatus, string> = {
  running: 'Running',
  waiting: 'Waiting',
  completed: 'Completed',
  failed: 'Failed',
  stopped: 'Stopped',
};

const statusTones: Record<RunStatus, BadgeTone> = {
  running: 'sky',
  waiting: 'amber',
  completed: 'green',
  failed: 'red',
  stopped: 'neutral',
};

export function StatusBadge({ status }: { status: RunStatus }) {
  return <Badge tone={statusTones[status]}>{statusLabels[status]}</Badge>;
}
