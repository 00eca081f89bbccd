import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../../../shared/runs';
import { renderWithProviders } from '../../../testing/render';
import { RunTimeline } from './run-timeline';

const answered = (data: unknown): TimelineEvent => ({
  id: 'evt_1',
  runId: 'run_1',
  type: 'request.answered',
  message: 'alice approved with an edited input (2 changes)',
  data,
  actor: 'alice',
  createdAt: '2026-03-01T10:00:00.000Z',
});

describe('RunTimeline', () => {
  it('shows how an approval changed the tool input', () => {
    renderWithProviders(
      <RunTimeline
        events={[
          answered({
            response: { decision: 'approve' },
            inputChanges: [
              { pointer: '/amount', before: 240, after: 120 },
              { pointer: '/note', before: '<b>rush</b>' },
            ],
          }),
        ]}
      />,
    );
    const diff = screen.getByRole('list', { name: 'Changes to the input' });
    expect(
      within(diff)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['/amount 240 → 120', '/note removed "<b>rush</b>"']);
    expect(document.querySelector('b')).toBeNull();
  });

  it('shows no diff for data that does not hold changes', () => {
    renderWithProviders(
      <RunTimeline
        events={[answered({ inputChanges: 'nope' }), { ...answered(null), id: 'e2' }]}
      />,
    );
    expect(screen.queryByRole('list', { name: 'Changes to the input' })).not.toBeInTheDocument();
  });
});
