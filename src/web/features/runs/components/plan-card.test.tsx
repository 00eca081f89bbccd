import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { renderWithProviders } from '../../../testing/render';
import { mockDb } from '../../../testing/msw/handlers';
import {
  answeredFirstBy,
  answerFailsWith,
  dropFirstAnswer,
  RETRY_WAIT,
  seedRequest,
} from './card-test-kit';
import { answerMessages } from './answer-problem';
import { RETRYING_NOTE, VIEWER_NOTE } from './card-frame';
import { PlanCard } from './plan-card';

const APPROVE = { name: 'Approve plan' };
const REVISE = { name: 'Request changes' };

beforeEach(() => mockDb.reset());

describe('PlanCard', () => {
  it('renders the plan from markdown without running anything in it', () => {
    const request = seedRequest('plan', {
      plan: '# Refund plan\n\n1. Find the order\n2. Refund it\n\n<img src=x onerror="alert(1)"><script>alert(2)</script>[x](javascript:alert(3))',
    });
    renderWithProviders(<PlanCard request={request} role="reviewer" />);
    expect(screen.getByRole('heading', { name: 'Refund plan' })).toBeInTheDocument();
    expect(screen.getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Find the order',
      'Refund it',
    ]);
    expect(document.querySelector('script, [onerror], img[src]')).toBeNull();
    expect(screen.getByText('x').closest('a')).not.toHaveAttribute('href');
  });

  it('approves the plan', async () => {
    const request = seedRequest('plan');
    const { user } = renderWithProviders(<PlanCard request={request} role="reviewer" />);
    await user.click(screen.getByRole('button', APPROVE));
    await waitFor(() => expect(mockDb.answers).toHaveLength(1));
    expect(mockDb.answers[0]?.body).toEqual({ decision: 'approve' });
  });

  it('asks for feedback when Request changes has none, and sends it once written', async () => {
    const request = seedRequest('plan');
    const { user } = renderWithProviders(<PlanCard request={request} role="reviewer" />);
    await user.type(screen.getByLabelText('Feedback'), '   ');
    await user.click(screen.getByRole('button', REVISE));
    expect(screen.getByLabelText('Feedback')).toHaveFocus();
    expect(mockDb.answers).toHaveLength(0);
    await user.type(screen.getByLabelText('Feedback'), 'Check stock first ');
    await user.click(screen.getByRole('button', REVISE));
    await waitFor(() => expect(mockDb.answers).toHaveLength(1));
    expect(mockDb.answers[0]?.body).toEqual({ decision: 'revise', feedback: 'Check stock first' });
  });

  it('shows a long plan whole on the page, with its actions in a bar that stays in view', () => {
    const plan = Array.from({ length: 120 }, (_, i) => `${i + 1}. Step ${i + 1}`).join('\n');
    const request = seedRequest('plan', { plan });
    renderWithProviders(<PlanCard request={request} role="reviewer" />);
    const last = screen.getByText('Step 120');
    for (let box = last.parentElement; box; box = box.parentElement) {
      expect(box.className).not.toMatch(/overflow-(auto|scroll|y-auto)|max-h-/);
    }
    const bar = screen.getByRole('group', { name: 'Answer' });
    expect(bar).toHaveClass('sticky', 'bottom-0');
    expect(within(bar).getByRole('button', { name: 'Approve plan' })).toBeEnabled();
    expect(within(bar).getByRole('button', REVISE)).toBeInTheDocument();
  });

  it('keeps the feedback as a draft across a remount', async () => {
    const request = seedRequest('plan');
    const first = renderWithProviders(<PlanCard request={request} role="reviewer" />);
    await first.user.type(screen.getByLabelText('Feedback'), 'Step 2 is risky');
    first.unmount();
    renderWithProviders(<PlanCard request={request} role="reviewer" />);
    expect(screen.getByLabelText('Feedback')).toHaveValue('Step 2 is risky');
    expect(screen.getByRole('button', REVISE)).toBeEnabled();
  });

  it('shows who answered first and what they said', async () => {
    const request = seedRequest('plan');
    answeredFirstBy('bob', { decision: 'revise', feedback: 'Ask the customer first' });
    const { user } = renderWithProviders(<PlanCard request={request} role="reviewer" />);
    await user.click(screen.getByRole('button', APPROVE));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Already answered by bob');
    expect(alert).toHaveTextContent('Requested changes: Ask the customer first');
  });

  it('says so when the request expired first', async () => {
    const request = seedRequest('plan');
    answerFailsWith(409, 'expired', 'This request expired before it was answered');
    const { user } = renderWithProviders(<PlanCard request={request} role="reviewer" />);
    await user.click(screen.getByRole('button', APPROVE));
    expect(await screen.findByRole('alert')).toHaveTextContent(answerMessages.expired);
  });

  it('retries a dropped answer with the same idempotency key', async () => {
    const request = seedRequest('plan');
    const dropped = dropFirstAnswer();
    const { user } = renderWithProviders(<PlanCard request={request} role="reviewer" />);
    await user.click(screen.getByRole('button', APPROVE));
    expect(await screen.findByText(RETRYING_NOTE)).toBeInTheDocument();
    await waitFor(() => expect(mockDb.answers).toHaveLength(1), RETRY_WAIT);
    expect(mockDb.answers[0]?.idempotencyKey).toBe(dropped[0]);
  });

  it('approves with a when it holds the shortcuts', async () => {
    const request = seedRequest('plan');
    const { user } = renderWithProviders(<PlanCard request={request} role="reviewer" hotkeys />);
    await user.keyboard('a');
    await waitFor(() => expect(mockDb.answers).toHaveLength(1));
    expect(mockDb.answers[0]?.body).toEqual({ decision: 'approve' });
  });

  it('lets viewers read the plan but not answer it', async () => {
    const request = seedRequest('plan');
    const { user } = renderWithProviders(<PlanCard request={request} role="viewer" hotkeys />);
    expect(screen.getByText(VIEWER_NOTE)).toBeInTheDocument();
    expect(screen.getByRole('button', APPROVE)).toBeDisabled();
    expect(screen.getByLabelText('Feedback')).toBeDisabled();
    await user.keyboard('a');
    expect(mockDb.answers).toHaveLength(0);
  });
});
