import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Request } from '../../../../shared/requests';
import { makeRequest, makeRunDetail } from '../../../testing/data';
import { mockDb } from '../../../testing/msw/handlers';
import { renderWithProviders } from '../../../testing/render';
import { AnswerCards } from './answer-cards';
import { GroupProgressProvider } from './group-progress';

const at = (minutes: number) =>
  new Date(Date.parse('2026-03-01T10:00:00.000Z') + minutes * 60_000).toISOString();

function seed(requests: Request[]) {
  mockDb.details.set('run_g', makeRunDetail(requests, { id: 'run_g' }));
  return requests;
}

const tool = (id: string, createdMinute: number, extra: Partial<Request> = {}) =>
  makeRequest('tool', {
    id,
    runId: 'run_g',
    tool: `step_${id}`,
    group: 'batch-7',
    createdAt: at(createdMinute),
    ...(extra as object),
  });

beforeEach(() => mockDb.reset());

describe('a group of requests on the run page', () => {
  it('shows its members together, where the most urgent of them belongs, with Approve all', async () => {
    const requests = seed([
      makeRequest('plan', { id: 'req_plan', runId: 'run_g', createdAt: at(1) }),
      tool('req_a', 0),
      tool('req_b', 5),
      tool('req_c', 2, { status: 'answered', answeredBy: 'otto', response: { decision: 'deny' } }),
    ]);
    const { user } = renderWithProviders(
      <AnswerCards requests={requests} role="reviewer" liveUrl={null} />,
    );
    const group = screen.getByRole('region', { name: 'Group batch-7' });
    expect(within(group).getByText('3 tool calls asked together')).toBeInTheDocument();
    expect(
      within(group)
        .getAllByRole('heading')
        .map((h) => h.textContent),
    ).toEqual(['step_req_a', 'step_req_c', 'step_req_b']);
    const headings = screen.getAllByRole('heading').map((h) => h.textContent);
    expect(headings.indexOf('step_req_b')).toBeLessThan(
      headings.findIndex((h) => /plan/i.test(h ?? '')),
    );

    await user.click(within(group).getByRole('button', { name: 'Approve all' }));
    await waitFor(() => expect(mockDb.bulk).toHaveLength(1));
    expect(mockDb.bulk[0]).toEqual({ decision: 'approve', requestIds: ['req_a', 'req_b'] });
  });

  it('names what Approve all could not decide', async () => {
    const requests = seed([tool('req_a', 0), tool('req_b', 1)]);
    const shown = requests.map((r) => r);
    mockDb.details.set(
      'run_g',
      makeRunDetail(
        requests.map((r) =>
          r.id === 'req_b' ? { ...r, status: 'answered', answeredBy: 'otto' } : r,
        ),
        { id: 'run_g' },
      ),
    );
    const { user } = renderWithProviders(
      <AnswerCards requests={shown} role="reviewer" liveUrl={null} />,
    );
    await user.click(screen.getByRole('button', { name: 'Approve all' }));
    expect(await screen.findByText('Already answered by otto')).toBeInTheDocument();
  });

  it('says an answered member goes to the agent with the rest of its group', () => {
    const requests = seed([
      tool('req_a', 0),
      tool('req_b', 1),
      tool('req_c', 2, {
        status: 'answered',
        answeredBy: 'otto',
        response: { decision: 'approve' },
        delivery: { status: 'pending', attempts: 0, lastError: null },
      }),
    ]);
    renderWithProviders(
      <GroupProgressProvider requests={requests}>
        <AnswerCards requests={requests} role="reviewer" liveUrl={null} />
      </GroupProgressProvider>,
    );
    expect(
      screen.getByText('Goes to the agent with the rest of its group: 2 still to decide.'),
    ).toBeInTheDocument();
    expect(screen.queryByText('Not yet delivered to the agent')).not.toBeInTheDocument();
  });

  it('offers no Approve all to viewers', () => {
    const requests = seed([tool('req_a', 0), tool('req_b', 1)]);
    renderWithProviders(<AnswerCards requests={requests} role="viewer" liveUrl={null} />);
    expect(screen.getByRole('region', { name: 'Group batch-7' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Approve all' })).not.toBeInTheDocument();
  });
});
