import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { testUsers } from '../../../testing/data';
import { mockDb } from '../../../testing/msw/handlers';
import { webhookDb } from '../../../testing/msw/webhook-handlers';
import { renderWithProviders } from '../../../testing/render';
import { NO_WEBHOOKS, WebhooksSection } from './webhooks-section';

beforeEach(() => {
  mockDb.reset();
  mockDb.me = testUsers.admin;
});

const failedJob = {
  id: 'ntf_1',
  channel: 'webhook',
  event: 'request.created',
  recipient: 'whk_1',
  runId: 'run_1',
  requestId: 'req_1',
  status: 'failed' as const,
  attempts: 8,
  lastError: 'The webhook answered 410',
  createdAt: '2026-12-04T09:05:00.000Z',
  finishedAt: '2026-12-04T09:30:00.000Z',
  webhookId: 'whk_1',
};

describe('WebhooksSection', () => {
  it('adds a webhook for the chosen events and shows its secret once', async () => {
    const { user } = renderWithProviders(<WebhooksSection />);
    expect(await screen.findByText(NO_WEBHOOKS)).toBeInTheDocument();
    await user.type(screen.getByLabelText(/URL/), 'https://hooks.example.com/in');
    await user.click(screen.getByLabelText('request.expired'));
    await user.click(screen.getByRole('button', { name: 'Add webhook' }));
    const secret = await screen.findByRole('region', { name: 'New webhook secret' });
    expect(within(secret).getByLabelText('Signing secret')).toHaveValue('whsec_shown_once');
    expect(webhookDb.hooks).toMatchObject([
      { url: 'https://hooks.example.com/in', events: ['request.created', 'request.expired'] },
    ]);
    const list = await screen.findByRole('list', { name: 'Webhooks' });
    expect(list).toHaveTextContent('request.created, request.expired');
    await user.click(within(secret).getByRole('button', { name: 'Done' }));
    expect(screen.queryByDisplayValue('whsec_shown_once')).not.toBeInTheDocument();
  });

  it('says what is wrong with a refused URL or no events, and adds nothing', async () => {
    const { user } = renderWithProviders(<WebhooksSection />);
    await screen.findByText(NO_WEBHOOKS);
    await user.click(screen.getByLabelText('request.created'));
    await user.type(screen.getByLabelText(/URL/), 'http://hooks.example.com/in');
    await user.click(screen.getByRole('button', { name: 'Add webhook' }));
    expect(await screen.findByText('Choose at least one event')).toBeInTheDocument();
    await user.click(screen.getByLabelText('request.created'));
    await user.click(screen.getByRole('button', { name: 'Add webhook' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(/Invalid input|https/);
    expect(webhookDb.hooks).toEqual([]);
  });

  it('shows failures and a delivery log, and sends a failed delivery again on Retry', async () => {
    webhookDb.hooks = [
      {
        id: 'whk_1',
        url: 'https://hooks.example.com/in',
        events: ['request.created'],
        createdAt: '2026-12-04T09:00:00.000Z',
      },
    ];
    webhookDb.jobs = [failedJob];
    const { user } = renderWithProviders(<WebhooksSection />);
    const failures = await screen.findByRole('region', { name: 'Failed notifications' });
    expect(failures).toHaveTextContent('1 failed notification');
    expect(failures).toHaveTextContent('The webhook answered 410');
    await user.click(screen.getByRole('button', { name: /Deliveries/ }));
    const log = await screen.findByRole('list', { name: 'Deliveries' });
    expect(log).toHaveTextContent('Failed');
    expect(log).toHaveTextContent('8 attempts');
    await user.click(within(log).getByRole('button', { name: /Retry/ }));
    await waitFor(() => expect(webhookDb.retried).toEqual(['ntf_1']));
    await waitFor(() =>
      expect(
        screen.queryByRole('region', { name: 'Failed notifications' }),
      ).not.toBeInTheDocument(),
    );
    expect(await screen.findByText('Pending')).toBeInTheDocument();
  });

  it('removes a webhook after confirming', async () => {
    webhookDb.hooks = [
      {
        id: 'whk_1',
        url: 'https://hooks.example.com/in',
        events: ['request.created'],
        createdAt: '2026-12-04T09:00:00.000Z',
      },
    ];
    const { user } = renderWithProviders(<WebhooksSection />);
    await user.click(await screen.findByRole('button', { name: /Remove/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Remove this webhook?' });
    await user.click(within(dialog).getByRole('button', { name: 'Remove webhook' }));
    expect(await screen.findByText(NO_WEBHOOKS)).toBeInTheDocument();
    expect(webhookDb.hooks).toEqual([]);
  });
});
