import { screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { makeRequest, testUsers } from '../../../testing/data';
import { mockDb } from '../../../testing/msw/handlers';
import { server } from '../../../testing/msw/server';
import { createTestQueryClient, renderWithProviders } from '../../../testing/render';
import { meOptions } from '../../auth/api/get-me';
import { seedRequest } from '../../runs/components/card-test-kit';
import { ToolCard } from '../../runs/components/tool-card';
import { AssignmentBar } from './assignment-bar';

beforeEach(() => mockDb.reset());

const claimedBy = (username: string) => ({
  groupId: 'team_qa',
  assignee: { id: `usr_${username}`, username, claimedAt: '2026-03-01T10:00:00.000Z' },
});

function serveGroupsAndClaims() {
  const posted: string[] = [];
  server.use(
    http.get('*/api/v1/groups', () =>
      HttpResponse.json({
        items: [{ id: 'team_qa', name: 'QA', createdAt: '2026-03-01T10:00:00.000Z', members: [] }],
        nextCursor: null,
      }),
    ),
    http.post('*/api/v1/requests/:id/:action', ({ params }) => {
      posted.push(String(params.action));
      const request = makeRequest('tool', { id: String(params.id) });
      return HttpResponse.json({
        ...request,
        assignment:
          params.action === 'claim'
            ? {
                groupId: 'team_qa',
                assignee: { ...testUsers.reviewer, claimedAt: '2026-03-01T10:00:00.000Z' },
              }
            : { groupId: 'team_qa', assignee: null },
      });
    }),
  );
  return posted;
}

describe('AssignmentBar', () => {
  it('shows the group and who is on it, without Claim for someone else’s request', async () => {
    serveGroupsAndClaims();
    const request = makeRequest('tool', { assignment: claimedBy('alice') });
    renderWithProviders(<AssignmentBar request={request} me={testUsers.reviewer} hotkeys />);
    expect(screen.getByText('alice is on it')).toBeInTheDocument();
    expect(await screen.findByText('QA')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Claim' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Release' })).toBeNull();
  });

  it('claims with the button and with c, and releases', async () => {
    const posted = serveGroupsAndClaims();
    const request = makeRequest('tool', { assignment: { groupId: 'team_qa', assignee: null } });
    const { user } = renderWithProviders(
      <AssignmentBar request={request} me={testUsers.reviewer} hotkeys />,
    );
    expect(screen.getByText('Nobody is on it yet')).toBeInTheDocument();
    await user.keyboard('c');
    await waitFor(() => expect(posted).toEqual(['claim']));
    await user.click(screen.getByRole('button', { name: 'Claim' }));
    await waitFor(() => expect(posted).toEqual(['claim', 'claim']));

    const mine = makeRequest('tool', {
      assignment: {
        groupId: null,
        assignee: { ...testUsers.reviewer, claimedAt: '2026-03-01T10:00:00.000Z' },
      },
    });
    renderWithProviders(<AssignmentBar request={mine} me={testUsers.reviewer} hotkeys={false} />);
    expect(screen.getByText('You are on it')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Release' }));
    await waitFor(() => expect(posted).toEqual(['claim', 'claim', 'release']));
  });

  it('lets an admin give a claimed request to another member of its group', async () => {
    const sent: unknown[] = [];
    server.use(
      http.get('*/api/v1/groups', () =>
        HttpResponse.json({
          items: [
            {
              id: 'team_qa',
              name: 'QA',
              createdAt: '2026-03-01T10:00:00.000Z',
              members: [
                { id: 'usr_alice', username: 'alice' },
                { id: 'usr_otto', username: 'otto' },
              ],
            },
          ],
          nextCursor: null,
        }),
      ),
      http.post('*/api/v1/requests/:id/assign', async ({ params, request: call }) => {
        sent.push(await call.json());
        return HttpResponse.json({
          ...makeRequest('tool', { id: String(params.id) }),
          assignment: claimedBy('otto'),
        });
      }),
    );
    const request = makeRequest('tool', { assignment: claimedBy('alice') });
    const { user } = renderWithProviders(
      <AssignmentBar request={request} me={testUsers.admin} hotkeys={false} />,
    );
    const giveTo = await screen.findByRole('combobox', { name: 'Give this request to' });
    // Whoever holds it now is not offered again.
    expect(screen.queryByRole('option', { name: 'alice' })).toBeNull();
    await user.selectOptions(giveTo, 'otto');
    await waitFor(() => expect(sent).toEqual([{ userId: 'usr_otto' }]));
  });

  it('offers reviewers no choice of whom to give a request to', async () => {
    serveGroupsAndClaims();
    const request = makeRequest('tool', { assignment: claimedBy('alice') });
    renderWithProviders(<AssignmentBar request={request} me={testUsers.reviewer} hotkeys />);
    expect(await screen.findByText('QA')).toBeInTheDocument();
    expect(screen.queryByRole('combobox')).toBeNull();
  });

  it('offers viewers nothing to press', () => {
    const request = makeRequest('tool', { assignment: { groupId: null, assignee: null } });
    renderWithProviders(<AssignmentBar request={request} me={testUsers.viewer} hotkeys />);
    expect(screen.queryByRole('button')).toBeNull();
  });
});

describe('answering a request someone else claimed', () => {
  it('asks first, and sends nothing when the reviewer says no', async () => {
    const request = seedRequest('tool', { assignment: claimedBy('alice') });
    const confirm = vi.fn(() => false);
    vi.stubGlobal('confirm', confirm);
    const queryClient = createTestQueryClient();
    queryClient.setQueryData(meOptions().queryKey, testUsers.reviewer);
    const { user } = renderWithProviders(<ToolCard request={request} role="reviewer" />, {
      queryClient,
    });
    await user.click(await screen.findByRole('button', { name: 'Approve' }));
    await waitFor(() => expect(confirm).toHaveBeenCalledWith('alice is on it. Answer anyway?'));
    expect(mockDb.answers).toHaveLength(0);
    confirm.mockReturnValue(true);
    await user.click(screen.getByRole('button', { name: 'Approve' }));
    await waitFor(() => expect(mockDb.answers).toHaveLength(1));
    vi.unstubAllGlobals();
  });
});
