import { screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Team } from '../../../../shared/teams';
import type { ManagedUser } from '../../../../shared/users';
import { server } from '../../../testing/msw/server';
import { renderWithProviders } from '../../../testing/render';
import { GroupsPanel } from './groups-panel';

const support: Team = {
  id: 'team_support',
  name: 'Support',
  createdAt: '2026-03-01T10:00:00.000Z',
  members: [{ id: 'usr_rita', username: 'rita' }],
};
const person = (id: string, username: string): ManagedUser => ({
  id,
  username,
  role: 'reviewer',
  disabled: false,
  createdAt: '2026-03-01T10:00:00.000Z',
  lastSignInAt: null,
  activeSessions: 0,
  email: null,
});
const users = [person('usr_rita', 'rita'), person('usr_otto', 'otto')];

function serveGroups(deleteStatus = 204) {
  const sent: { method: string; body: unknown }[] = [];
  server.use(
    http.get('*/api/v1/groups', () => HttpResponse.json({ items: [support], nextCursor: null })),
    http.patch('*/api/v1/groups/:id', async ({ request }) => {
      sent.push({ method: 'PATCH', body: await request.json() });
      return HttpResponse.json(support);
    }),
    http.delete('*/api/v1/groups/:id', () => {
      sent.push({ method: 'DELETE', body: null });
      if (deleteStatus === 204) return new HttpResponse(null, { status: 204 });
      return HttpResponse.json(
        {
          error: {
            code: 'conflict',
            message: 'Routes send requests to Support; change them first',
          },
        },
        { status: deleteStatus },
      );
    }),
  );
  return sent;
}

afterEach(() => vi.unstubAllGlobals());

describe('GroupsPanel', () => {
  it('renames a group in place', async () => {
    const sent = serveGroups();
    const { user } = renderWithProviders(<GroupsPanel groups={[support]} users={users} />);
    await user.click(screen.getByRole('button', { name: 'Rename Support' }));
    const field = screen.getByRole('textbox', { name: 'New name for Support' });
    await user.clear(field);
    await user.type(field, 'Refunds');
    await user.click(screen.getByRole('button', { name: 'Save name' }));
    await waitFor(() => expect(sent).toEqual([{ method: 'PATCH', body: { name: 'Refunds' } }]));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Save name' })).toBeNull());
  });

  it('deletes a group only once asked, and shows why the server refused', async () => {
    const sent = serveGroups(409);
    const confirm = vi.fn().mockReturnValueOnce(false);
    vi.stubGlobal('confirm', confirm);
    const { user } = renderWithProviders(<GroupsPanel groups={[support]} users={users} />);
    await user.click(screen.getByRole('button', { name: 'Delete Support' }));
    expect(confirm).toHaveBeenCalledWith(expect.stringContaining('Delete the group Support?'));
    expect(sent).toEqual([]);

    confirm.mockReturnValueOnce(true);
    await user.click(screen.getByRole('button', { name: 'Delete Support' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Routes send requests to Support; change them first',
    );
    expect(sent).toEqual([{ method: 'DELETE', body: null }]);
  });

  it('adds and removes members', async () => {
    const sent = serveGroups();
    const { user } = renderWithProviders(<GroupsPanel groups={[support]} users={users} />);
    await user.selectOptions(
      screen.getByRole('combobox', { name: 'Add a member to Support' }),
      'otto',
    );
    await user.click(screen.getByRole('button', { name: 'Remove rita from Support' }));
    await waitFor(() =>
      expect(sent).toEqual([
        { method: 'PATCH', body: { addMemberIds: ['usr_otto'] } },
        { method: 'PATCH', body: { removeMemberIds: ['usr_rita'] } },
      ]),
    );
  });
});
