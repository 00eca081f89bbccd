import type { NotificationJob } from '../../../../shared/notifications';
import { Badge, type BadgeTone } from '../../../components/ui/badge';

const shown: Record<NotificationJob['status'], { label: string; tone: BadgeTone }> = {
  pending: { label: 'Pending', tone: 'amber' },
  sent: { label: 'Sent', tone: 'green' },
  failed: { label: 'Failed', tone: 'red' },
  dropped: { label: 'Dropped', tone: 'neutral' },
};

export function JobStatus({ job }: { job: NotificationJob }) {
  const { label, tone } = shown[job.status];
  return <Badge tone={tone}>{label}</Badge>;
}
