import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { renderWithProviders } from '../../../testing/render';
import { mockDb } from '../../../testing/msw/handlers';
import { answeredFirstBy, dropFirstAnswer, RETRY_WAIT, seedRequest } from './card-test-kit';
import { RETRYING_NOTE, VIEWER_NOTE } from './card-frame';
import { NO_TAKEOVER_VIEW, TakeoverCard } from './takeover-card';

const LIVE_URL = 'https://live.example.net/session/42';
const HAND_BACK = { name: 'Hand back to agent' };
const FOLLOW_UP = 'Follow-up instruction (optional)';

beforeEach(() => mockDb.reset());

describe('TakeoverCard', () => {
  it('shows the instructions and the live view in a sandboxed frame', () => {
    const request = seedRequest('takeover');
    renderWithProviders(<TakeoverCard request={request} role="reviewer" liveUrl={LIVE_URL} />);
    expect(screen.getByText('Solve the captcha, then hand back.')).toBeInTheDocument();
    const frame = screen.getByTitle('Live view');
    expect(frame.tagName).toBe('IFRAME');
    expect(frame).toHaveAttribute('src', LIVE_URL);
    expect(frame).toHaveAttribute('sandbox', 'allow-scripts allow-forms');
    expect(frame).toHaveAttribute('referrerpolicy', 'no-referrer');
    const link = screen.getByRole('link', { name: 'Open in new tab' });
    expect(link).toHaveAttribute('href', LIVE_URL);
    expect(link).toHaveAttribute('target', '_blank');
    expect(link).toHaveAttribute('rel', 'noopener noreferrer');
  });

  it('never frames or links a live URL that is not http(s)', () => {
    const request = seedRequest('takeover');
    renderWithProviders(
      <TakeoverCard request={request} role="reviewer" liveUrl="javascript:alert(1)" />,
    );
    expect(screen.queryByTitle('Live view')).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Open in new tab' })).not.toBeInTheDocument();
  });

  it('says how to take over when the run has no live view, instead of an empty frame', () => {
    const request = seedRequest('takeover');
    renderWithProviders(<TakeoverCard request={request} role="reviewer" liveUrl={null} />);
    expect(screen.queryByTitle('Live view')).not.toBeInTheDocument();
    expect(screen.getByText(NO_TAKEOVER_VIEW)).toBeInTheDocument();
    expect(screen.getByRole('button', HAND_BACK)).toBeEnabled();
  });

  it('hands back with the follow-up instruction', async () => {
    const request = seedRequest('takeover');
    const { user } = renderWithProviders(
      <TakeoverCard request={request} role="reviewer" liveUrl={LIVE_URL} />,
    );
    await user.type(screen.getByLabelText(FOLLOW_UP), 'Then check out');
    await user.click(screen.getByRole('button', HAND_BACK));
    await waitFor(() => expect(mockDb.answers).toHaveLength(1));
    expect(mockDb.answers[0]?.body).toEqual({ decision: 'handback', followUp: 'Then check out' });
  });

  it('hands back without a follow-up', async () => {
    const request = seedRequest('takeover');
    const { user } = renderWithProviders(
      <TakeoverCard request={request} role="reviewer" liveUrl={LIVE_URL} />,
    );
    await user.click(screen.getByRole('button', HAND_BACK));
    await waitFor(() => expect(mockDb.answers).toHaveLength(1));
    expect(mockDb.answers[0]?.body).toEqual({ decision: 'handback' });
  });

  it('stops the run only once the reviewer confirms it', async () => {
    const request = seedRequest('takeover');
    const { user } = renderWithProviders(
      <TakeoverCard request={request} role="reviewer" liveUrl={LIVE_URL} />,
    );
    await user.click(screen.getByRole('button', { name: 'Stop run' }));
    const dialog = await screen.findByRole('dialog', { name: 'Stop this run?' });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(mockDb.answers).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: 'Stop run' }));
    const again = await screen.findByRole('dialog', { name: 'Stop this run?' });
    await user.click(within(again).getByRole('button', { name: 'Stop run' }));
    await waitFor(() => expect(mockDb.answers).toHaveLength(1));
    expect(mockDb.answers[0]?.body).toEqual({ decision: 'stop' });
  });

  it('keeps the follow-up as a draft across a remount', async () => {
    const request = seedRequest('takeover');
    const first = renderWithProviders(
      <TakeoverCard request={request} role="reviewer" liveUrl={LIVE_URL} />,
    );
    await first.user.type(screen.getByLabelText(FOLLOW_UP), 'Use the saved card');
    first.unmount();
    renderWithProviders(<TakeoverCard request={request} role="reviewer" liveUrl={LIVE_URL} />);
    expect(screen.getByLabelText(FOLLOW_UP)).toHaveValue('Use the saved card');
  });

  it('shows who answered first and what they did', async () => {
    const request = seedRequest('takeover');
    answeredFirstBy('erin', { decision: 'stop' });
    const { user } = renderWithProviders(
      <TakeoverCard request={request} role="reviewer" liveUrl={LIVE_URL} />,
    );
    await user.click(screen.getByRole('button', HAND_BACK));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Already answered by erin');
    expect(alert).toHaveTextContent('Stopped the run');
  });

  it('retries a dropped answer with the same idempotency key', async () => {
    const request = seedRequest('takeover');
    const dropped = dropFirstAnswer();
    const { user } = renderWithProviders(
      <TakeoverCard request={request} role="reviewer" liveUrl={LIVE_URL} />,
    );
    await user.click(screen.getByRole('button', HAND_BACK));
    expect(await screen.findByText(RETRYING_NOTE)).toBeInTheDocument();
    await waitFor(() => expect(mockDb.answers).toHaveLength(1), RETRY_WAIT);
    expect(mockDb.answers[0]?.idempotencyKey).toBe(dropped[0]);
  });

  it('lets viewers watch but not answer', () => {
    const request = seedRequest('takeover');
    renderWithProviders(<TakeoverCard request={request} role="viewer" liveUrl={LIVE_URL} />);
    expect(screen.getByText(VIEWER_NOTE)).toBeInTheDocument();
    expect(screen.getByTitle('Live view')).toBeInTheDocument();
    expect(screen.getByRole('button', HAND_BACK)).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Stop run' })).toBeDisabled();
  });
});
