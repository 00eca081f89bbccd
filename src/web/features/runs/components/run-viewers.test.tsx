import { act, screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import { server } from '../../../testing/msw/server';
import { renderWithProviders } from '../../../testing/render';
import { runKeys } from '../api/run-keys';
import { RunViewers, viewingText } from './run-viewers';

type Viewer = { id: string; username: string };

function servePresence(initial: Viewer[]) {
  const calls: string[] = [];
  let viewers = initial;
  server.use(
    http.put('*/api/v1/runs/:id/presence', ({ params }) => {
      calls.push(`PUT ${String(params.id)}`);
      return HttpResponse.json({ viewers });
    }),
    http.delete('*/api/v1/runs/:id/presence', ({ params }) => {
      calls.push(`DELETE ${String(params.id)}`);
      return new HttpResponse(null, { status: 204 });
    }),
  );
  return { calls, set: (next: Viewer[]) => (viewers = next) };
}

function setVisibility(state: 'visible' | 'hidden') {
  Object.defineProperty(document, 'visibilityState', { configurable: true, value: state });
  document.dispatchEvent(new Event('visibilitychange'));
}

afterEach(() => setVisibility('visible'));

describe('viewingText', () => {
  it('names one, two, and then counts the rest', () => {
    expect(viewingText([])).toBeNull();
    expect(viewingText(['bob'])).toBe('bob is viewing');
    expect(viewingText(['bob', 'carol'])).toBe('bob and carol are viewing');
    expect(viewingText(['bob', 'carol', 'dan'])).toBe('bob, carol and 1 other are viewing');
    expect(viewingText(['bob', 'carol', 'dan', 'eve'])).toBe('bob, carol and 2 others are viewing');
  });
});

describe('RunViewers', () => {
  it('shows who else has the run open, and drops them when the stream says they left', async () => {
    const presence = servePresence([{ id: 'usr_bob', username: 'bob' }]);
    const { queryClient } = renderWithProviders(<RunViewers runId="run_1" />);
    expect(await screen.findByText('bob is viewing')).toBeInTheDocument();
    expect(presence.calls).toEqual(['PUT run_1']);

    presence.set([]);
    // What live-updates does on presence.changed for this run.
    await act(() => queryClient.invalidateQueries({ queryKey: runKeys.presence('run_1') }));
    await waitFor(() => expect(screen.queryByText('bob is viewing')).toBeNull());
  });

  it('says it left when the page goes away, and when the tab is hidden', async () => {
    const presence = servePresence([]);
    const { unmount } = renderWithProviders(<RunViewers runId="run_1" />);
    await waitFor(() => expect(presence.calls).toEqual(['PUT run_1']));

    act(() => setVisibility('hidden'));
    await waitFor(() => expect(presence.calls).toContain('DELETE run_1'));
    act(() => setVisibility('visible'));
    await waitFor(() => expect(presence.calls.filter((c) => c === 'PUT run_1')).toHaveLength(2));

    presence.calls.length = 0;
    unmount();
    await waitFor(() => expect(presence.calls).toEqual(['DELETE run_1']));
  });
});
