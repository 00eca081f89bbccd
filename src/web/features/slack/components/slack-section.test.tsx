import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { testUsers } from '../../../testing/data';
import { mockDb } from '../../../testing/msw/handlers';
import { slackDb } from '../../../testing/msw/slack-handlers';
import { renderWithProviders } from '../../../testing/render';
import { SlackSection } from './slack-section';

beforeEach(() => {
  mockDb.reset();
  mockDb.me = testUsers.admin;
});

const connected = {
  connected: true,
  channel: 'C0APPROVALS',
  updatedAt: '2026-12-04T09:00:00.000Z',
};

describe('SlackSection', () => {
  it('connects with the secrets as password fields and then shows them only as saved', async () => {
    const { user } = renderWithProviders(<SlackSection />);
    expect(await screen.findByText(/Not connected/)).toBeInTheDocument();
    const token = screen.getByLabelText(/Bot token/);
    expect(token).toHaveAttribute('type', 'password');
    expect(screen.getByLabelText(/Signing secret/)).toHaveAttribute('type', 'password');
    await user.type(token, 'xoxb-123');
    await user.type(screen.getByLabelText(/Signing secret/), 'sign-secret');
    await user.type(screen.getByLabelText(/Channel/), 'C0APPROVALS');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByRole('region', { name: 'Slack connection' })).toHaveTextContent(
      'Connected: requests are posted to C0APPROVALS',
    );
    expect(slackDb.saved).toEqual([
      { botToken: 'xoxb-123', signingSecret: 'sign-secret', channel: 'C0APPROVALS' },
    ]);
    expect(screen.getByLabelText(/Bot token/)).toHaveValue('');
    expect(screen.getByLabelText(/Bot token/)).toHaveAttribute('placeholder', 'Saved');
    expect(screen.getByLabelText(/Channel/)).toHaveValue('C0APPROVALS');
    expect(screen.queryByDisplayValue('xoxb-123')).not.toBeInTheDocument();
  });

  it('says which field is missing and sends nothing', async () => {
    const { user } = renderWithProviders(<SlackSection />);
    await screen.findByText(/Not connected/);
    await user.type(screen.getByLabelText(/Bot token/), 'xoxb-123');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findAllByText('Required')).toHaveLength(2);
    expect(screen.getByLabelText(/Signing secret/)).toHaveAttribute('aria-invalid', 'true');
    expect(slackDb.saved).toEqual([]);
  });

  it("Test shows the posted channel, or Slack's error", async () => {
    slackDb.integration = connected;
    const { user } = renderWithProviders(<SlackSection />);
    await user.click(await screen.findByRole('button', { name: 'Test' }));
    expect(await screen.findByText('Test message posted to C0APPROVALS.')).toBeInTheDocument();
    slackDb.testError = 'channel_not_found';
    await user.click(screen.getByRole('button', { name: 'Test' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Slack refused the test message: channel_not_found',
    );
    expect(slackDb.tests).toBe(2);
  });

  it('disconnects after confirming', async () => {
    slackDb.integration = connected;
    const { user } = renderWithProviders(<SlackSection />);
    await user.click(await screen.findByRole('button', { name: 'Disconnect' }));
    const dialog = await screen.findByRole('dialog', { name: 'Disconnect Slack?' });
    await user.click(within(dialog).getByRole('button', { name: 'Disconnect Slack' }));
    expect(await screen.findByText(/Not connected/)).toBeInTheDocument();
    await waitFor(() => expect(screen.getByLabelText(/Channel/)).toHaveValue(''));
  });

  it('shows the interactions URL to paste into the Slack app, with a copy button', async () => {
    renderWithProviders(<SlackSection />);
    const url = await screen.findByLabelText(/Interactivity Request URL/);
    expect(url).toHaveValue(`${window.location.origin}/api/v1/integrations/slack/interactions`);
    expect(
      screen.getByRole('button', { name: /Copy the interactivity request URL/ }),
    ).toBeVisible();
  });

  it('shows why the last post to Slack failed', async () => {
    slackDb.integration = {
      ...connected,
      lastError: {
        message: 'Slack answered channel_not_found',
        at: '2026-12-04T09:05:00.000Z',
        willRetry: false,
      },
    };
    renderWithProviders(<SlackSection />);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      /The last post to Slack failed \(.*\): Slack answered channel_not_found/,
    );
  });
});
