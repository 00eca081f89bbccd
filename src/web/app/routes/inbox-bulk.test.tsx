import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeRequest, makeRunDetail, makeRunSummary, testUsers } from '../../testing/data';
import { mockDb } from '../../testing/msw/handlers';
import { renderWithProviders } from '../../testing/render';
import { Component as Inbox } from './inbox';

function seed(count: number) {
  mockDb.runs = [];
  for (let i = 0; i < count; i += 1) {
    const id = `run_${i}`;
    const request = makeRequest('tool', {
      id: `req_${i}`,
      runId: id,
      tool: 'refund_order',
      input: { orderId: 1000 + i, amount: 10 + i },
    });
    mockDb.runs.push(makeRunSummary({ id, title: `Refund ${i}`, pendingKinds: ['tool'] }));
    mockDb.details.set(id, makeRunDetail([request], { id, title: `Refund ${i}` }));
  }
  mockDb.runs.push(makeRunSummary({ id: 'run_plan', title: 'A plan', pendingKinds: ['plan'] }));
}

function answeredElsewhere(i: number, by: string) {
  const detail = mockDb.details.get(`run_${i}`)!;
  mockDb.details.set(`run_${i}`, {
    ...detail,
    requests: detail.requests.map((r) => ({ ...r, status: 'answered' as const, answeredBy: by })),
  });
}

const box = (title: string) => screen.getByRole('checkbox', { name: `Select ${title}` });

describe('Inbox bulk decisions', () => {
  beforeEach(() => mockDb.reset());

  it('picks tool calls with a box, shift-click and x, lists them, and shows each result', async () => {
    seed(5);
    const { user } = renderWithProviders(<Inbox />);
    await screen.findByText('Refund 0');
    expect(screen.queryByRole('checkbox', { name: 'Select A plan' })).not.toBeInTheDocument();

    await user.click(box('Refund 0'));
    await user.keyboard('{Shift>}');
    await user.click(box('Refund 2'));
    await user.keyboard('{/Shift}');
    expect([0, 1, 2].map((i) => (box(`Refund ${i}`) as HTMLInputElement).checked)).toEqual([
      true,
      true,
      true,
    ]);
    await user.keyboard('jjjj');
    await user.keyboard('x');
    expect(box('Refund 3')).toBeChecked();
    expect(screen.getByText('4 selected')).toBeInTheDocument();

    answeredElsewhere(1, 'otto');
    await user.click(screen.getByRole('button', { name: 'Approve selected' }));
    const dialog = await screen.findByRole('dialog', { name: 'Approve 3 tool calls?' });
    const listed = within(dialog).getByRole('list', { name: 'Tool calls' });
    expect(
      within(listed)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      'Refund 0refund_order {"orderId":1000,"amount":10}',
      'Refund 2refund_order {"orderId":1002,"amount":12}',
      'Refund 3refund_order {"orderId":1003,"amount":13}',
    ]);
    expect(dialog).toHaveTextContent('1 selected run has no tool call waiting any more.');
    await user.click(within(dialog).getByRole('button', { name: 'Approve 3 tool calls' }));

    const results = await within(await screen.findByRole('dialog', { name: 'Results' })).findByRole(
      'list',
      { name: 'Results' },
    );
    expect(within(results).getAllByText('Answered')).toHaveLength(3);
    expect(mockDb.bulk).toEqual([{ decision: 'approve', requestIds: ['req_0', 'req_2', 'req_3'] }]);
    await user.click(screen.getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByText(/^\d+ selected$/)).not.toBeInTheDocument());
  });

  it('says who answered first when a picked call was answered in the meantime', async () => {
    seed(2);
    const { user } = renderWithProviders(<Inbox />);
    await screen.findByText('Refund 0');
    await user.click(screen.getByRole('button', { name: 'Select all shown' }));
    expect(screen.getByText('2 selected')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Deny selected' }));
    const dialog = await screen.findByRole('dialog', { name: 'Deny 2 tool calls?' });
    answeredElsewhere(0, 'otto');
    await user.click(within(dialog).getByRole('button', { name: 'Deny 2 tool calls' }));
    const results = await screen.findByRole('list', { name: 'Results' });
    const [first, second] = within(results).getAllByRole('listitem');
    expect(first).toHaveTextContent('Already answered');
    expect(first).toHaveTextContent('Already answered by otto');
    expect(second).toHaveTextContent('Answered');
    expect(mockDb.bulk[0]?.decision).toBe('deny');
  });

  it('offers no picking to viewers', async () => {
    seed(2);
    mockDb.me = testUsers.viewer;
    renderWithProviders(<Inbox />);
    await screen.findByText('Refund 0');
    expect(screen.queryByRole('checkbox')).not.toBeInTheDocument();
    expect(screen.queryByRole('toolbar')).not.toBeInTheDocument();
  });
});
