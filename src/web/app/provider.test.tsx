import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { toast } from '../lib/toast';
import { AppProvider } from './provider';

describe('AppProvider', () => {
  it('mounts the toaster with the first toast and shows it', async () => {
    const user = userEvent.setup();
    render(
      <AppProvider>
        <button type="button" onClick={() => toast.success('Answer sent')}>
          Send
        </button>
      </AppProvider>,
    );
    expect(screen.queryByRole('region', { name: /Notifications/ })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByText('Answer sent')).toBeInTheDocument();
    expect(screen.getByRole('region', { name: /Notifications/ })).toBeInTheDocument();
  });
});
