import { screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it } from 'vitest';
import { mockDb } from '../../../testing/msw/handlers';
import { server } from '../../../testing/msw/server';
import { currentPassword, teamDb } from '../../../testing/msw/team-handlers';
import { renderWithProviders } from '../../../testing/render';
import { ChangePasswordForm } from './change-password-form';

const MESSAGES = {
  mismatch: 'The two new passwords differ',
  wrongCurrent: 'This is not your current password',
  tooShort: 'Use at least 8 characters',
};

beforeEach(() => mockDb.reset());

async function fill(
  user: ReturnType<typeof renderWithProviders>['user'],
  values: { current: string; next: string; again: string },
) {
  await user.type(screen.getByLabelText('Current password'), values.current);
  await user.type(screen.getByLabelText('New password'), values.next);
  await user.type(screen.getByLabelText('New password again'), values.again);
  await user.click(screen.getByRole('button', { name: 'Change password' }));
}

describe('ChangePasswordForm', () => {
  it('checks the new password and its confirmation before sending', async () => {
    const { user } = renderWithProviders(<ChangePasswordForm />);
    await fill(user, { current: currentPassword, next: 'short', again: 'other' });
    expect(await screen.findByText(MESSAGES.tooShort)).toBeInTheDocument();
    expect(screen.getByText(MESSAGES.mismatch)).toBeInTheDocument();
    expect(screen.getByLabelText('New password again')).toHaveAttribute('aria-invalid', 'true');
    expect(teamDb.passwordChanges).toEqual([]);
  });

  it('shows a wrong current password on its field', async () => {
    const { user } = renderWithProviders(<ChangePasswordForm />);
    await fill(user, { current: 'not it', next: 'a new password', again: 'a new password' });
    expect(await screen.findByText(MESSAGES.wrongCurrent)).toBeInTheDocument();
    expect(screen.getByLabelText('Current password')).toHaveAttribute('aria-invalid', 'true');
  });

  it('changes the password and clears the form', async () => {
    const { user } = renderWithProviders(<ChangePasswordForm />);
    await fill(user, { current: currentPassword, next: 'a new password', again: 'a new password' });
    await waitFor(() =>
      expect(teamDb.passwordChanges).toEqual([{ currentPassword, newPassword: 'a new password' }]),
    );
    await waitFor(() => expect(screen.getByLabelText('Current password')).toHaveValue(''));
  });

  it('shows a refusal that names no field, such as too many tries', async () => {
    server.use(
      http.put('*/api/v1/me/password', () =>
        HttpResponse.json(
          {
            error: {
              code: 'rate_limited',
              message: 'Too many failed sign-ins for this username. Try again in 15 minutes.',
            },
          },
          { status: 429, headers: { 'Retry-After': '900' } },
        ),
      ),
    );
    const { user } = renderWithProviders(<ChangePasswordForm />);
    await fill(user, { current: currentPassword, next: 'a new password', again: 'a new password' });
    expect(await screen.findByRole('alert')).toHaveTextContent('Try again in 15 minutes.');
  });
});
