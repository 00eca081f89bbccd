import { screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { defaultNotificationPreferences } from '../../../../shared/notifications';
import { server } from '../../../testing/msw/server';
import { renderWithProviders } from '../../../testing/render';
import { NotificationsSection } from './notifications-section';

describe('NotificationsSection', () => {
  it('loads the settings, and saves the email address, email on and a digest', async () => {
    const saved: unknown[] = [];
    server.use(
      http.get('*/api/v1/me/notifications', () =>
        HttpResponse.json({ ...defaultNotificationPreferences, email: null }),
      ),
      http.put('*/api/v1/me/notifications', async ({ request }) => {
        saved.push(await request.json());
        return HttpResponse.json({});
      }),
      http.get('*/api/v1/push/subscriptions', () =>
        HttpResponse.json({ items: [], nextCursor: null }),
      ),
    );
    const { user } = renderWithProviders(<NotificationsSection />);
    const address = await screen.findByLabelText('Email address');
    await user.type(address, 'me@example.com');
    await user.click(screen.getByLabelText('Email me about requests waiting for me'));
    await user.selectOptions(screen.getByLabelText('Send'), 'hourly');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Saved');
    expect(saved).toEqual([
      {
        ...defaultNotificationPreferences,
        channels: { ...defaultNotificationPreferences.channels, email: true },
        emailMode: 'hourly',
        email: 'me@example.com',
      },
    ]);
  });

  it('saves a scope of chosen kinds and sources, and quiet hours', async () => {
    const saved: unknown[] = [];
    server.use(
      http.get('*/api/v1/me/notifications', () =>
        HttpResponse.json({ ...defaultNotificationPreferences, email: null }),
      ),
      http.put('*/api/v1/me/notifications', async ({ request }) => {
        saved.push(await request.json());
        return HttpResponse.json({});
      }),
      http.get('*/api/v1/push/subscriptions', () =>
        HttpResponse.json({ items: [], nextCursor: null }),
      ),
      http.get('*/api/v1/sources', () =>
        HttpResponse.json({
          items: [
            {
              id: 'src_billing',
              kind: 'native',
              name: 'Billing agents',
              createdAt: '2026-01-01T00:00:00.000Z',
            },
          ],
          nextCursor: null,
        }),
      ),
    );
    const { user } = renderWithProviders(<NotificationsSection />);
    await user.click(await screen.findByLabelText('Only these kinds and sources'));
    await user.click(screen.getByRole('checkbox', { name: 'Tool' }));
    await user.click(await screen.findByRole('checkbox', { name: 'Billing agents' }));
    await user.click(screen.getByLabelText('Quiet hours: hold notifications until they end'));
    await user.clear(screen.getByLabelText('Time zone'));
    await user.type(screen.getByLabelText('Time zone'), 'Europe/Berlin');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Saved');
    expect(saved).toEqual([
      {
        ...defaultNotificationPreferences,
        email: null,
        scope: { mode: 'chosen', kinds: ['tool'], sources: ['src_billing'] },
        quietHours: { start: '22:00', end: '07:00', timeZone: 'Europe/Berlin' },
      },
    ]);
  });

  it('shows why the server refused', async () => {
    server.use(
      http.get('*/api/v1/me/notifications', () =>
        HttpResponse.json({ ...defaultNotificationPreferences, email: null }),
      ),
      http.put('*/api/v1/me/notifications', () =>
        HttpResponse.json(
          { error: { code: 'invalid', message: 'Some fields are invalid' } },
          { status: 422 },
        ),
      ),
      http.get('*/api/v1/push/subscriptions', () =>
        HttpResponse.json({ items: [], nextCursor: null }),
      ),
    );
    const { user } = renderWithProviders(<NotificationsSection />);
    await user.click(await screen.findByRole('button', { name: 'Save' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Some fields are invalid');
  });

  it('turns push and quick actions on, lists the devices and removes one', async () => {
    const saved: unknown[] = [];
    const removed: string[] = [];
    let devices = [
      { id: 'psb_1', label: 'Chrome on Android', createdAt: '2026-12-01T10:00:00.000Z' },
      { id: 'psb_2', label: 'Firefox on Linux', createdAt: '2026-12-02T10:00:00.000Z' },
    ];
    server.use(
      http.get('*/api/v1/me/notifications', () =>
        HttpResponse.json({ ...defaultNotificationPreferences, email: null }),
      ),
      http.put('*/api/v1/me/notifications', async ({ request }) => {
        saved.push(await request.json());
        return HttpResponse.json({});
      }),
      http.get('*/api/v1/push/subscriptions', () =>
        HttpResponse.json({ items: devices, nextCursor: null }),
      ),
      http.delete('*/api/v1/push/subscriptions/:id', ({ params }) => {
        removed.push(String(params.id));
        devices = devices.filter((d) => d.id !== params.id);
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const { user } = renderWithProviders(<NotificationsSection />);
    await user.click(await screen.findByLabelText('Push notifications to my devices'));
    await user.click(screen.getByLabelText('Quick Approve and Deny on pushes about tool calls'));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Saved');
    expect(saved).toEqual([
      {
        ...defaultNotificationPreferences,
        channels: { ...defaultNotificationPreferences.channels, push: true },
        quickActions: true,
        email: null,
      },
    ]);
    expect(await screen.findByText('Chrome on Android')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Remove Chrome on Android' }));
    await waitFor(() => expect(screen.queryByText('Chrome on Android')).toBeNull());
    expect(removed).toEqual(['psb_1']);
    expect(screen.getByText('Firefox on Linux')).toBeInTheDocument();
  });

  it('asks for notification permission only when Enable push on this device is clicked', async () => {
    const requestPermission = vi.fn(async () => 'denied' as NotificationPermission);
    vi.stubGlobal('Notification', { requestPermission, permission: 'default' });
    vi.stubGlobal('PushManager', function PushManager() {});
    vi.stubGlobal('isSecureContext', true);
    Object.defineProperty(navigator, 'serviceWorker', { value: {}, configurable: true });
    try {
      server.use(
        http.get('*/api/v1/me/notifications', () =>
          HttpResponse.json({ ...defaultNotificationPreferences, email: null }),
        ),
        http.get('*/api/v1/push/subscriptions', () =>
          HttpResponse.json({ items: [], nextCursor: null }),
        ),
      );
      const { user } = renderWithProviders(<NotificationsSection />);
      const enable = await screen.findByRole('button', { name: 'Enable push on this device' });
      expect(requestPermission).not.toHaveBeenCalled();
      await user.click(enable);
      expect(requestPermission).toHaveBeenCalledTimes(1);
      expect(await screen.findByRole('alert')).toHaveTextContent(
        'Notifications are blocked for this site',
      );
    } finally {
      vi.unstubAllGlobals();
      Reflect.deleteProperty(navigator, 'serviceWorker');
    }
  });
});
