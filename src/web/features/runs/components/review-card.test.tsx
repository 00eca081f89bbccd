import { screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { renderWithProviders } from '../../../testing/render';
import { mockDb } from '../../../testing/msw/handlers';
import { answeredFirstBy, dropFirstAnswer, RETRY_WAIT, seedRequest } from './card-test-kit';
import { RETRYING_NOTE, VIEWER_NOTE } from './card-frame';
import { ReviewCard } from './review-card';

const APPROVE = { name: 'Approve' };
const SEND_BACK = { name: 'Send back' };

beforeEach(() => mockDb.reset());

describe('ReviewCard', () => {
  it('shows the title and the output rendered from markdown, links opening safely', () => {
    const request = seedRequest('review', {
      title: 'Reply to ticket 42',
      output:
        '## Draft reply\n\nSee [our policy](https://example.com/policy).<svg onload="alert(1)"></svg>',
    });
    renderWithProviders(<ReviewCard request={request} role="reviewer" />);
    expect(screen.getByRole('heading', { name: 'Reply to ticket 42' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Draft reply' })).toBeInTheDocument();
    const link = screen.getByRole('link', { name: 'our policy' });
    expect(link).toHaveAttribute('target', '_blank');
    expect(link).toHaveAttribute('rel', 'noopener noreferrer');
    expect(document.querySelector('svg[onload]')).toBeNull();
  });

  it('approves without feedback', async () => {
    const request = seedRequest('review');
    const { user } = renderWithProviders(<ReviewCard request={request} role="reviewer" />);
    await user.click(screen.getByRole('button', APPROVE));
    await waitFor(() => expect(mockDb.answers).toHaveLength(1));
    expect(mockDb.answers[0]?.body).toEqual({ decision: 'approve' });
  });

  it('approves with feedback when some is typed', async () => {
    const request = seedRequest('review');
    const { user } = renderWithProviders(<ReviewCard request={request} role="reviewer" />);
    await user.type(screen.getByLabelText('Feedback'), 'Nice tone');
    await user.click(screen.getByRole('button', APPROVE));
    await waitFor(() => expect(mockDb.answers).toHaveLength(1));
    expect(mockDb.answers[0]?.body).toEqual({ decision: 'approve', feedback: 'Nice tone' });
  });

  it('asks for feedback when Send back has none, and sends a rejection once written', async () => {
    const request = seedRequest('review');
    const { user } = renderWithProviders(<ReviewCard request={request} role="reviewer" />);
    await user.click(screen.getByRole('button', SEND_BACK));
    expect(screen.getByLabelText('Feedback')).toHaveFocus();
    expect(mockDb.answers).toHaveLength(0);
    expect(screen.getByRole('group', { name: 'Answer' })).toHaveClass('sticky');
    await user.type(screen.getByLabelText('Feedback'), 'Too formal');
    await user.click(screen.getByRole('button', SEND_BACK));
    await waitFor(() => expect(mockDb.answers).toHaveLength(1));
    expect(mockDb.answers[0]?.body).toEqual({ decision: 'reject', feedback: 'Too formal' });
  });

  it('keeps the feedback as a draft across a remount', async () => {
    const request = seedRequest('review');
    const first = renderWithProviders(<ReviewCard request={request} role="reviewer" />);
    await first.user.type(screen.getByLabelText('Feedback'), 'Shorter please');
    first.unmount();
    renderWithProviders(<ReviewCard request={request} role="reviewer" />);
    expect(screen.getByLabelText('Feedback')).toHaveValue('Shorter please');
  });

  it('shows who answered first and what they said', async () => {
    const request = seedRequest('review');
    answeredFirstBy('carol', { decision: 'reject', feedback: 'Wrong customer name' });
    const { user } = renderWithProviders(<ReviewCard request={request} role="reviewer" />);
    await user.click(screen.getByRole('button', APPROVE));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Already answered by carol');
    expect(alert).toHaveTextContent('Sent back: Wrong customer name');
  });

  it('retries a dropped answer with the same idempotency key', async () => {
    const request = seedRequest('review');
    const dropped = dropFirstAnswer();
    const { user } = renderWithProviders(<ReviewCard request={request} role="reviewer" />);
    await user.click(screen.getByRole('button', APPROVE));
    expect(await screen.findByText(RETRYING_NOTE)).toBeInTheDocument();
    await waitFor(() => expect(mockDb.answers).toHaveLength(1), RETRY_WAIT);
    expect(mockDb.answers[0]?.idempotencyKey).toBe(dropped[0]);
  });

  it('lets viewers read the output but not answer it', () => {
    const request = seedRequest('review');
    renderWithProviders(<ReviewCard request={request} role="viewer" />);
    expect(screen.getByText(VIEWER_NOTE)).toBeInTheDocument();
    expect(screen.getByRole('button', APPROVE)).toBeDisabled();
    expect(screen.getByRole('button', SEND_BACK)).toBeDisabled();
  });
});
