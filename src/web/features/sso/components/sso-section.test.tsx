import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it } from 'vitest';
import { testUsers } from '../../../testing/data';
import { mockDb } from '../../../testing/msw/handlers';
import { server } from '../../../testing/msw/server';
import { ssoDb } from '../../../testing/msw/sso-handlers';
import { renderWithProviders } from '../../../testing/render';
import { NO_MAPPING } from './role-mapping-editor';
import { SsoSection } from './sso-section';

beforeEach(() => {
  mockDb.reset();
  mockDb.me = testUsers.admin;
});

const methods = (password: boolean) =>
  server.use(http.get('*/api/v1/auth/methods', () => HttpResponse.json({ password, oidc: true })));

describe('SsoSection', () => {
  it('shows the provider, the redirect URL to copy, and never a secret', async () => {
    const { user } = renderWithProviders(<SsoSection />);
    expect(await screen.findByText('Configured')).toBeInTheDocument();
    expect(screen.getByText(ssoDb.configured.issuer!)).toBeInTheDocument();
    expect(screen.getByText('countersign')).toBeInTheDocument();
    expect(screen.getByText('Set on the server; never shown.')).toBeInTheDocument();
    const redirect = screen.getByLabelText('Redirect URL');
    expect(redirect).toHaveValue(ssoDb.configured.redirectUri);
    await user.click(screen.getByRole('button', { name: 'Copy redirect url' }));
    expect(await navigator.clipboard.readText()).toBe(ssoDb.configured.redirectUri);
    expect(screen.getByText('Copied.')).toBeInTheDocument();
    expect(await screen.findByText('Password sign-in: on')).toBeInTheDocument();
  });

  it('says how to configure it when it is not, and the way in when passwords are off', async () => {
    ssoDb.settings = { ...ssoDb.settings, configured: false, issuer: null, clientId: null };
    methods(false);
    renderWithProviders(<SsoSection />);
    expect(await screen.findByText('Not configured.')).toBeInTheDocument();
    expect(screen.getByText('COUNTERSIGN_OIDC_ISSUER')).toBeInTheDocument();
    expect(await screen.findByText('Password sign-in: off')).toBeInTheDocument();
    expect(screen.getByText('COUNTERSIGN_PASSWORD_SIGN_IN=true')).toBeInTheDocument();
  });

  it('adds, changes and removes groups, and saves the whole mapping', async () => {
    ssoDb.settings.mapping = [{ group: 'ops', role: 'admin' }];
    const { user } = renderWithProviders(<SsoSection />);
    expect(await screen.findByLabelText('Provider group 1')).toHaveValue('ops');
    await user.click(screen.getByRole('button', { name: 'Add group' }));
    await user.type(screen.getByLabelText('Provider group 2'), ' cs-reviewers ');
    await user.selectOptions(screen.getByLabelText('Role for provider group 2'), 'reviewer');
    await user.click(screen.getByRole('button', { name: 'Add group' }));
    await user.type(screen.getByLabelText('Provider group 3'), 'contractors');
    await user.click(screen.getByRole('button', { name: 'Remove provider group 1' }));
    await user.click(screen.getByRole('button', { name: 'Save role mapping' }));
    expect(await screen.findByText('Saved.')).toBeInTheDocument();
    expect(ssoDb.saves).toEqual([
      {
        mapping: [
          { group: 'cs-reviewers', role: 'reviewer' },
          { group: 'contractors', role: 'viewer' },
        ],
      },
    ]);
    const rows = within(screen.getByRole('list', { name: 'Groups and roles' }));
    expect(rows.getAllByRole('listitem')).toHaveLength(2);
    expect(rows.getByLabelText('Provider group 1')).toHaveValue('cs-reviewers');

    await user.click(screen.getByRole('button', { name: 'Remove provider group 1' }));
    await user.click(screen.getByRole('button', { name: 'Remove provider group 1' }));
    expect(screen.getByText(NO_MAPPING)).toBeInTheDocument();
    expect(screen.queryByText('Saved.')).not.toBeInTheDocument();
  });

  it("shows the server's refusal on the row it names, and about the list above the rows", async () => {
    ssoDb.settings.mapping = [{ group: 'ops', role: 'admin' }];
    const { user } = renderWithProviders(<SsoSection />);
    await screen.findByLabelText('Provider group 1');
    await user.click(screen.getByRole('button', { name: 'Add group' }));
    await user.click(screen.getByRole('button', { name: 'Save role mapping' }));
    const group2 = screen.getByLabelText('Provider group 2');
    await waitFor(() => expect(group2).toHaveAttribute('aria-invalid', 'true'));
    expect(group2).toHaveAccessibleDescription('Enter the group');
    expect(screen.getByRole('alert')).toHaveTextContent('Some fields are invalid');

    await user.type(group2, 'ops');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Save role mapping' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Some fields are invalid: Each group may appear once',
    );

    ssoDb.refuseNext = { status: 403, code: 'forbidden', message: 'Admins only' };
    await user.clear(group2);
    await user.type(group2, 'qa');
    await user.click(screen.getByRole('button', { name: 'Save role mapping' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Admins only');
    expect(ssoDb.settings.mapping).toEqual([{ group: 'ops', role: 'admin' }]);
  });
});
