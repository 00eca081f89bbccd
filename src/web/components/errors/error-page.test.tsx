import { render, screen } from '@testing-library/react';
import { createMemoryRouter, data, RouterProvider } from 'react-router';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../lib/api-client';
import { RouteErrorPage } from './error-page';

function renderFailing(error: unknown) {
  const router = createMemoryRouter([
    {
      path: '/',
      loader: () => {
        throw error;
      },
      Component: () => <p>never</p>,
      ErrorBoundary: RouteErrorPage,
      HydrateFallback: () => null,
    },
  ]);
  render(<RouterProvider router={router} />);
}

describe('RouteErrorPage', () => {
  it('explains an API error and links home', async () => {
    renderFailing(new ApiError({ status: 500, code: 'internal', message: 'Database is locked' }));
    expect(
      await screen.findByRole('heading', { name: 'Something went wrong' }),
    ).toBeInTheDocument();
    expect(screen.getByText('Database is locked')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to the inbox' })).toHaveAttribute('href', '/');
    expect(screen.getByRole('button', { name: 'Reload' })).toBeInTheDocument();
  });

  it('says when the role does not allow the page', async () => {
    renderFailing(new ApiError({ status: 403, code: 'forbidden', message: 'Admins only' }));
    expect(await screen.findByRole('heading', { name: 'Not allowed' })).toBeInTheDocument();
  });

  it('shows the not-found page for a 404 response', async () => {
    renderFailing(data(null, { status: 404 }));
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeInTheDocument();
  });
});
