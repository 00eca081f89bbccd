import type { Request } from '../../../../shared/requests';
import type { RunDetail } from '../../../../shared/runs';
import { requestSubject } from '../../runs/components/request-subject';

const kindNames: Record<Request['kind'], string> = {
  questions: 'Questions',
  tool: 'Tool call',
  plan: 'Plan to approve',
  review: 'Output to review',
  message: 'Message',
  takeover: 'Take over the browser',
};

/** Control characters and runs of spaces from an agent would garble a system notification. */
function line(value: string, max: number): string {
  const clean = value
    // eslint-disable-next-line no-control-regex -- stripping them is the point
    .replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/**
 * What the system shows for a new request: the run's title, and what is asked. The Notification API
 * shows text only, so agent content cannot inject markup; it is still cut to a line.
 */
export function desktopNotificationFor(run: RunDetail, request: Request) {
  const subject =
    request.kind === 'tool'
      ? `${kindNames.tool}: ${request.tool}`
      : `${kindNames[request.kind]}: ${requestSubject(request)}`;
  return {
    title: line(run.title, 80),
    options: {
      body: line(subject, 160),
      tag: request.id,
    } satisfies NotificationOptions,
  };
}

export type DesktopState = 'unsupported' | 'blocked' | 'off' | 'on';

export function desktopSupported(): boolean {
  return typeof window !== 'undefined' && 'Notification' in window;
}

const storageKey = (userId: string) => `countersign.desktop-notifications.${userId}`;

/** Whether this person turned desktop notifications on in this browser. */
export function readDesktopEnabled(userId: string): boolean {
  try {
    return localStorage.getItem(storageKey(userId)) === 'on';
  } catch {
    return false;
  }
}

export function writeDesktopEnabled(userId: string, on: boolean): void {
  try {
    if (on) localStorage.setItem(storageKey(userId), 'on');
    else localStorage.removeItem(storageKey(userId));
  } catch {
    // A browser that keeps nothing simply asks again next time.
  }
}
