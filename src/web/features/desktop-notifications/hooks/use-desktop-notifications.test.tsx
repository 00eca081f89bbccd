import { screen, waitFor } from '@testing-library/react';
import { useEffect } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StreamEvent } from '../../../../shared/stream';
import { mockDb } from '../../../testing/msw/handlers';
import { makeRequest, makeRunDetail } from '../../../testing/data';
import { renderWithProviders } from '../../../testing/render';
import { DesktopNotificationsButton } from '../components/desktop-notifications-button';
import { useDesktopNotifications } from './use-desktop-notifications';

/** The browser's Notification, as far as the app uses it: permission, the prompt, and what was shown. */
class FakeNotification {
  static permission: NotificationPermission = 'default';
  static answer: NotificationPermission = 'granted';
  static shown: FakeNotification[] = [];
  static requestPermission = vi.fn(async () => {
    FakeNotification.permission = FakeNotification.answer;
    return FakeNotification.answer;
  });
  onclick: (() => void) | null = null;
  closed = false;
  constructor(
    public title: string,
    public options: NotificationOptions,
  ) {
    FakeNotification.shown.push(this);
  }
  close() {
    this.closed = true;
  }
}

let visibility: DocumentVisibilityState = 'hidden';
let listen: ((event: StreamEvent) => Promise<void>) | undefined;

function Harness() {
  const desktop = useDesktopNotifications('usr_1');
  useEffect(() => {
    listen = desktop.onStreamEvent;
  }, [desktop.onStreamEvent]);
  return (
    <DesktopNotificationsButton
      state={desktop.state}
      onTurnOn={() => void desktop.turnOn()}
      onTurnOff={desktop.turnOff}
    />
  );
}

const created = (runId: string, requestId: string): StreamEvent => ({
  id: '1',
  type: 'request.created',
  runId,
  requestId,
  at: new Date().toISOString(),
});

function seed(status: 'pending' | 'answered', title = 'Refund order 1042') {
  const request = makeRequest('tool', {
    id: 'req_n1',
    runId: 'run_n1',
    tool: 'refund_order',
    status,
  });
  mockDb.details.set('run_n1', makeRunDetail([request], { id: 'run_n1', title }));
  return request;
}

beforeEach(() => {
  mockDb.reset();
  localStorage.clear();
  FakeNotification.permission = 'default';
  FakeNotification.answer = 'granted';
  FakeNotification.shown = [];
  FakeNotification.requestPermission.mockClear();
  vi.stubGlobal('Notification', FakeNotification);
  visibility = 'hidden';
  vi.spyOn(document, 'visibilityState', 'get').mockImplementation(() => visibility);
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('desktop notifications', () => {
  it('asks for permission only on a click, then shows new requests while the tab is hidden', async () => {
    const request = seed('pending', 'Refund\u0007 order\n1042');
    const { user, router } = renderWithProviders(<Harness />, {
      routes: [{ path: '/runs/:runId', element: <p>Run page</p> }],
    });
    expect(FakeNotification.requestPermission).not.toHaveBeenCalled();
    await listen!(created('run_n1', request.id));
    expect(FakeNotification.shown).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: 'Desktop notifications: off' }));
    expect(FakeNotification.requestPermission).toHaveBeenCalledTimes(1);
    await screen.findByRole('button', { name: 'Desktop notifications: on' });

    await waitFor(() => expect(listen).toBeDefined());
    await listen!(created('run_n1', request.id));
    expect(FakeNotification.shown).toHaveLength(1);
    const [shown] = FakeNotification.shown;
    expect(shown!.title).toBe('Refund order 1042');
    expect(shown!.options).toMatchObject({ body: 'Tool call: refund_order', tag: request.id });

    shown!.onclick!();
    expect(router.state.location.pathname).toBe('/runs/run_n1');
    expect(shown!.closed).toBe(true);
  });

  it('stays quiet while the tab is in view, for a request a rule answered, and once turned off', async () => {
    FakeNotification.permission = 'granted';
    localStorage.setItem('countersign.desktop-notifications.usr_1', 'on');
    const request = seed('pending');
    const { user, queryClient } = renderWithProviders(<Harness />);
    expect(screen.getByRole('button', { name: 'Desktop notifications: on' })).toBeInTheDocument();

    visibility = 'visible';
    await listen!(created('run_n1', request.id));
    visibility = 'hidden';
    seed('answered');
    await listen!(created('run_n1', request.id));
    expect(FakeNotification.shown).toHaveLength(0);
    queryClient.clear();

    await user.click(screen.getByRole('button', { name: 'Desktop notifications: on' }));
    seed('pending');
    await listen!(created('run_n1', request.id));
    expect(FakeNotification.shown).toHaveLength(0);
  });

  it('says so when the browser blocks them, and offers nothing without the API', async () => {
    FakeNotification.permission = 'denied';
    const { unmount } = renderWithProviders(<Harness />);
    expect(screen.getByRole('button', { name: 'Desktop notifications: off' })).toBeDisabled();
    unmount();
    vi.unstubAllGlobals();
    delete (window as { Notification?: unknown }).Notification;
    renderWithProviders(<Harness />);
    expect(screen.queryByRole('button', { name: /Desktop notifications/ })).toBeNull();
  });
});
