import { screen } from '@testing-library/react';
import { delay, http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it } from 'vitest';
import { testUsers } from '../../testing/data';
import { mockDb, testPassword } from '../../testing/msw/handlers';
import { server } from '../../testing/msw/server';
import { renderWithProviders } from '../../testing/render';
import { Component as SignIn, safeRedirect } from './sign-in';

const MESSAGES = {
  noUsername: 'Enter your username',
  noPassword: 'Enter your password',
  wrong: 'Wrong username or password',
};

function renderSignIn(url = '/sign-in') {
  return renderWithProviders(<SignIn />, {
    path: '/sign-in',
    url,
    routes: [
      { path: '/', element: <p>Inbox page</p> },
      { path: '/rules', element: <p>Rules page</p> },
    ],
  });
}

describe('Sign-in', () => {
  beforeEach(() => {
    mockDb.reset();
    mockDb.me = null;
  });

  it('says which fields are missing and sends nothing', async () => {
    const { user } = renderSignIn();
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText(MESSAGES.noUsername)).toBeInTheDocument();
    expect(screen.getByText(MESSAGES.noPassword)).toBeInTheDocument();
    expect(screen.getByLabelText('Username')).toHaveAttribute('aria-invalid', 'true');
    expect(mockDb.me).toBeNull();
  });

  it('explains a check without a message of its own in English', async () => {
    const { user } = renderSignIn();
    await user.click(screen.getByLabelText('Username'));
    await user.paste('r'.repeat(101));
    await user.type(screen.getByLabelText('Password'), testPassword);
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(
      await screen.findByText('Too big: expected string to have <=100 characters'),
    ).toBeInTheDocument();
    expect(mockDb.me).toBeNull();
  });

  it('shows the server message on wrong credentials and stays on the page', async () => {
    const { user, router } = renderSignIn();
    await user.type(screen.getByLabelText('Username'), 'rita');
    await user.type(screen.getByLabelText('Password'), 'not the password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(MESSAGES.wrong);
    expect(router.state.location.pathname).toBe('/sign-in');
  });

  it('shows how long to wait when sign-in is rate limited', async () => {
    const message = 'Too many failed sign-ins from your network address. Try again in 12 minutes.';
    server.use(
      http.post('*/api/v1/session', () =>
        HttpResponse.json(
          { error: { code: 'rate_limited', message, details: { retryAfterSeconds: 700 } } },
          { status: 429, headers: { 'Retry-After': '700' } },
        ),
      ),
    );
    const { user } = renderSignIn();
    await user.type(screen.getByLabelText('Username'), 'rita');
    await user.type(screen.getByLabelText('Password'), testPassword);
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(message);
  });

  it('disables the button while signing in, then goes to redirectTo', async () => {
    server.use(
      http.post('*/api/v1/session', async () => {
        await delay(50);
        return HttpResponse.json(testUsers.admin);
      }),
    );
    const { user, router } = renderSignIn('/sign-in?redirectTo=%2Frules');
    await user.type(screen.getByLabelText('Username'), 'admin');
    await user.type(screen.getByLabelText('Password'), testPassword);
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeDisabled();
    expect(await screen.findByText('Rules page')).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/rules');
  });

  it('goes to the inbox after signing in without redirectTo', async () => {
    const { user } = renderSignIn();
    await user.type(screen.getByLabelText('Username'), 'rita');
    await user.type(screen.getByLabelText('Password'), `${testPassword}{Enter}`);
    expect(await screen.findByText('Inbox page')).toBeInTheDocument();
    expect(mockDb.me?.username).toBe('rita');
  });

  it('never redirects off the site', () => {
    expect(safeRedirect('/runs/run_1?x=1')).toBe('/runs/run_1?x=1');
    expect(safeRedirect('//evil.example/')).toBe('/');
    expect(safeRedirect('/\\evil.example')).toBe('/');
    expect(safeRedirect('https://evil.example/')).toBe('/');
    expect(safeRedirect(null)).toBe('/');
  });
});

describe('Sign-in with single sign-on', () => {
  beforeEach(() => {
    mockDb.reset();
    mockDb.me = null;
  });

  it('offers the provider and hides the password form when passwords are off', async () => {
    server.use(
      http.get('*/api/v1/auth/methods', () => HttpResponse.json({ password: false, oidc: true })),
    );
    renderSignIn();
    const link = await screen.findByRole('link', { name: 'Sign in with single sign-on' });
    expect(link).toHaveAttribute('href', '/api/v1/auth/oidc/start');
    expect(screen.queryByLabelText('Password')).not.toBeInTheDocument();
  });

  it('says why single sign-on was refused and what to do', async () => {
    renderSignIn('/sign-in?sso=unmapped');
    expect(await screen.findByRole('alert')).toHaveTextContent(
      /Ask an admin to map one of your groups/,
    );
  });

  it('ignores a reason it does not know', async () => {
    renderSignIn('/sign-in?sso=__proto__');
    await screen.findByLabelText('Password');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});
