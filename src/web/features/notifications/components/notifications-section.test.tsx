import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
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
    );
    const { user } = renderWithProviders(<NotificationsSection />);
    await user.click(await screen.findByRole('button', { name: 'Save' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Some fields are invalid');
  });
});
