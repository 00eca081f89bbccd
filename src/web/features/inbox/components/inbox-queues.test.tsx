import { screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../../../testing/render';
import { parseInboxSearch } from '../lib/inbox-search';
import { InboxQueues } from './inbox-queues';

describe('InboxQueues', () => {
  it('marks the current queue and picks another', async () => {
    const onChange = vi.fn();
    const { user } = renderWithProviders(<InboxQueues queue="groups" onChange={onChange} />);
    expect(screen.getByRole('button', { name: 'My groups' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    expect(screen.getByRole('button', { name: 'All' })).toHaveAttribute('aria-pressed', 'false');
    await user.click(screen.getByRole('button', { name: 'Mine' }));
    await user.click(screen.getByRole('button', { name: 'All' }));
    expect(onChange.mock.calls).toEqual([['mine'], [undefined]]);
  });

  it('reads the queue from the URL, and anything else as All', () => {
    expect(parseInboxSearch(new URLSearchParams('queue=unassigned')).queue).toBe('unassigned');
    expect(parseInboxSearch(new URLSearchParams('queue=__proto__')).queue).toBeUndefined();
  });
});
