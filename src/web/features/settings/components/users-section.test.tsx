import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it } from 'vitest';
import { testUsers } from '../../../testing/data';
import { mockDb } from '../../../testing/msw/handlers';
import { server } from '../../../testing/msw/server';
import { managedUser, teamDb } from '../../../testing/msw/team-handlers';
import { renderWithProviders } from '../../../testing/render';
import { UsersSection } from './users-section';

const LAST_ADMIN = 'Keep at least one admin';

function renderUsers() {
  return renderWithProviders(<UsersSection currentUserId={testUsers.admin.id} />);
}

const row = (name: string) => screen.getByRole('listitem', { name });

beforeEach(() => {
  mockDb.reset();
  mockDb.me = testUsers.admin;
  teamDb.users = [
    managedUser(testUsers.admin, { activeSessions: 1, lastSignInAt: new Date().toISOString() }),
    managedUser(testUsers.reviewer, { activeSessions: 2, lastSignInAt: new Date().toISOString() }),
    managedUser(testUsers.viewer, { disabled: true }),
  ];
});

describe('UsersSection', () => {
  it('shows each user’s role, state and sessions, and no actions on your own account', async () => {
    renderUsers();
    await screen.findByRole('list', { name: 'Users' });
    const me = row('admin');
    expect(within(me).getByText('you')).toBeInTheDocument();
    expect(within(me).queryByRole('button')).not.toBeInTheDocument();
    expect(row('rita')).toHaveTextContent('Signed in just now · 2 sessions');
    expect(within(row('vic')).getByText('disabled')).toBeInTheDocument();
    expect(row('vic')).toHaveTextContent('Never signed in · 0 sessions');
    expect(within(row('vic')).getByRole('button', { name: 'Enable vic' })).toBeInTheDocument();
    expect(within(row('rita')).getByRole('combobox', { name: 'Role of rita' })).toHaveValue(
      'reviewer',
    );
  });

  it('makes someone an admin only once confirmed, and shows a refusal under the select', async () => {
    teamDb.users.push(managedUser({ id: 'usr_ada', username: 'ada', role: 'admin' }));
    const { user } = renderUsers();
    const select = await screen.findByRole('combobox', { name: 'Role of rita' });
    await user.selectOptions(select, 'admin');
    const dialog = await screen.findByRole('dialog', { name: 'Make rita an admin?' });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(teamDb.userCalls).toEqual([]);
    expect(select).toHaveValue('reviewer');
    await user.selectOptions(select, 'admin');
    await user.click(
      within(await screen.findByRole('dialog')).getByRole('button', { name: 'Make admin' }),
    );
    await waitFor(() => expect(teamDb.users.find((u) => u.id === 'usr_rev')?.role).toBe('admin'));
    await waitFor(() =>
      expect(screen.getByRole('combobox', { name: 'Role of rita' })).toHaveValue('admin'),
    );

    await user.selectOptions(screen.getByRole('combobox', { name: 'Role of ada' }), 'viewer');
    expect(await within(row('ada')).findByRole('alert')).toHaveTextContent(LAST_ADMIN);
    expect(screen.getByRole('combobox', { name: 'Role of ada' })).toHaveValue('admin');
  });

  it('disables a user only after confirming, and enables one at once', async () => {
    const { user } = renderUsers();
    await user.click(await screen.findByRole('button', { name: 'Disable rita' }));
    const dialog = screen.getByRole('dialog', { name: 'Disable rita?' });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(teamDb.userCalls).toEqual([]);

    await user.click(screen.getByRole('button', { name: 'Disable rita' }));
    await user.click(
      within(screen.getByRole('dialog', { name: 'Disable rita?' })).getByRole('button', {
        name: 'Disable',
      }),
    );
    await waitFor(() => expect(within(row('rita')).getByText('disabled')).toBeInTheDocument());
    expect(teamDb.userCalls).toEqual([
      { method: 'PATCH', id: 'usr_rev', body: { disabled: true } },
    ]);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Enable vic' }));
    await waitFor(() => expect(within(row('vic')).queryByText('disabled')).not.toBeInTheDocument());
  });

  it('resets a password through a dialog that checks its length', async () => {
    const { user } = renderUsers();
    await user.click(await screen.findByRole('button', { name: 'Reset the password of rita' }));
    const dialog = screen.getByRole('dialog', { name: "Reset rita's password" });
    await user.type(within(dialog).getByLabelText(/New password/), 'short');
    await user.click(within(dialog).getByRole('button', { name: 'Set password' }));
    expect(await within(dialog).findByText('Use at least 8 characters')).toBeInTheDocument();
    expect(teamDb.userCalls).toEqual([]);

    await user.clear(within(dialog).getByLabelText(/New password/));
    await user.type(within(dialog).getByLabelText(/New password/), 'a long new password');
    await user.click(within(dialog).getByRole('button', { name: 'Set password' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(teamDb.userCalls).toEqual([
      { method: 'PATCH', id: 'usr_rev', body: { password: 'a long new password' } },
    ]);
  });

  it('signs a user out everywhere and removes a user, each after confirming', async () => {
    const { user } = renderUsers();
    await user.click(await screen.findByRole('button', { name: 'Sign rita out everywhere' }));
    await user.click(
      within(screen.getByRole('dialog')).getByRole('button', { name: 'Sign out everywhere' }),
    );
    await waitFor(() => expect(row('rita')).toHaveTextContent('0 sessions'));

    await user.click(screen.getByRole('button', { name: 'Remove vic' }));
    await user.click(
      within(screen.getByRole('dialog')).getByRole('button', { name: 'Remove user' }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('listitem', { name: 'vic' })).not.toBeInTheDocument(),
    );
    expect(teamDb.userCalls.map((c) => c.method)).toEqual(['DELETE sessions', 'DELETE']);
  });

  it('keeps the dialog open with the error when removing fails', async () => {
    server.use(
      http.delete('*/api/v1/users/:id', () =>
        HttpResponse.json({ error: { code: 'conflict', message: LAST_ADMIN } }, { status: 409 }),
      ),
    );
    const { user } = renderUsers();
    await user.click(await screen.findByRole('button', { name: 'Remove rita' }));
    await user.click(
      within(screen.getByRole('dialog')).getByRole('button', { name: 'Remove user' }),
    );
    expect(await within(screen.getByRole('dialog')).findByRole('alert')).toHaveTextContent(
      LAST_ADMIN,
    );
  });
});
