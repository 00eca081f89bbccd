import { QueryClientProvider } from '@tanstack/react-query';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../../../shared/users';
import { NO_TOKENS } from '../../features/agent-tokens/components/agent-tokens-table';
import { authKeys } from '../../features/auth/api/auth-keys';
import { testUsers } from '../../testing/data';
import { mockDb } from '../../testing/msw/handlers';
import { createTestQueryClient } from '../../testing/render';
import { clientLoader, Component as Settings } from './settings';

function renderSettings(me: User) {
  mockDb.me = me;
  const queryClient = createTestQueryClient();
  queryClient.setQueryData(authKeys.me(), me);
  const router = createMemoryRouter(
    [
      {
        path: '/settings',
        loader: clientLoader(queryClient),
        Component: Settings,
        HydrateFallback: () => null,
      },
    ],
    { initialEntries: ['/settings'] },
  );
  render(
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return { user: userEvent.setup() };
}

describe('Settings', () => {
  beforeEach(() => mockDb.reset());

  it('shows sources, and users with a form to add one, to an admin', async () => {
    const { user } = renderSettings(testUsers.admin);
    expect(await screen.findByText('Native API')).toBeInTheDocument();
    const users = await screen.findByRole('list', { name: 'Users' });
    expect(within(users).getByText('rita')).toBeInTheDocument();

    await user.type(screen.getByLabelText('Username'), 'quinn');
    await user.type(screen.getByLabelText(/Password/), 'short');
    await user.click(screen.getByRole('button', { name: 'Add user' }));
    expect(await screen.findByText('Use at least 8 characters')).toBeInTheDocument();

    await user.clear(screen.getByLabelText(/Password/));
    await user.type(screen.getByLabelText(/Password/), 'long enough password');
    await user.selectOptions(screen.getByLabelText('Role'), 'viewer');
    await user.click(screen.getByRole('button', { name: 'Add user' }));
    expect(await screen.findByLabelText('Username')).toHaveValue('');
    expect(screen.queryByText('Use at least 8 characters')).not.toBeInTheDocument();
  });

  it('shows sources but no users to a reviewer', async () => {
    renderSettings(testUsers.reviewer);
    expect(await screen.findByText('Native API')).toBeInTheDocument();
    expect(screen.queryByRole('list', { name: 'Users' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Add user' })).not.toBeInTheDocument();
    expect(
      screen.getByText('Users, roles and agent tokens are managed by admins.'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table', { name: 'Agent tokens' })).not.toBeInTheDocument();
    expect(screen.getByRole('form', { name: 'Change your password' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sign out everywhere' })).toBeInTheDocument();
  });

  it('shows agent tokens and your account to an admin', async () => {
    renderSettings(testUsers.admin);
    expect(await screen.findByText(NO_TOKENS)).toBeInTheDocument();
    expect(screen.getByRole('form', { name: 'Create an agent token' })).toBeInTheDocument();
    expect(screen.getByRole('form', { name: 'Change your password' })).toBeInTheDocument();
  });
});
