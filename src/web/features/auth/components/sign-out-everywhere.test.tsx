import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { testUsers } from '../../../testing/data';
import { mockDb } from '../../../testing/msw/handlers';
import { teamDb } from '../../../testing/msw/team-handlers';
import { renderWithProviders } from '../../../testing/render';
import { authKeys } from '../api/auth-keys';
import { SignOutEverywhere } from './sign-out-everywhere';

beforeEach(() => mockDb.reset());

describe('SignOutEverywhere', () => {
  it('asks first, then ends every session and forgets who is signed in', async () => {
    const { user, queryClient } = renderWithProviders(<SignOutEverywhere />);
    queryClient.setQueryData(authKeys.me(), testUsers.reviewer);
    await user.click(screen.getByRole('button', { name: 'Sign out everywhere' }));
    const dialog = screen.getByRole('dialog', { name: 'Sign out everywhere?' });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(teamDb.signedOutEverywhere).toBe(0);

    await user.click(screen.getByRole('button', { name: 'Sign out everywhere' }));
    await user.click(
      within(screen.getByRole('dialog')).getByRole('button', { name: 'Sign out everywhere' }),
    );
    await waitFor(() => expect(teamDb.signedOutEverywhere).toBe(1));
    await waitFor(() => expect(queryClient.getQueryData(authKeys.me())).toBeNull());
  });
});
