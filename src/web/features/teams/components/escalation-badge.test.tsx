import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { makeRequest, makeRunSummary } from '../../../testing/data';
import { server } from '../../../testing/msw/server';
import { renderWithProviders } from '../../../testing/render';
import { InboxRow } from '../../inbox/components/inbox-row';
import { RequestTimes } from '../../runs/components/request-times';
import { ResolvedNotice } from '../../runs/components/resolved-notice';

function serveGroups() {
  server.use(
    http.get('*/api/v1/groups', () =>
      HttpResponse.json({
        items: [{ id: 'team_qa', name: 'QA', createdAt: '2026-03-01T10:00:00.000Z', members: [] }],
        nextCursor: null,
      }),
    ),
  );
}

const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000 + 5000).toISOString();

describe('expiry on the run page', () => {
  it('shows an escalated request with its new group and the countdown', async () => {
    serveGroups();
    const request = makeRequest('tool', {
      expiresAt: inMinutes(12),
      escalations: 1,
      assignment: { groupId: 'team_qa', assignee: null },
    });
    renderWithProviders(<RequestTimes request={request} />);
    expect(await screen.findByText('Escalated to QA')).toBeInTheDocument();
    expect(screen.getByText('Expires in 12m')).toBeInTheDocument();
  });

  it('shows no badge on a request that was never escalated', () => {
    renderWithProviders(
      <RequestTimes request={makeRequest('tool', { expiresAt: inMinutes(12) })} />,
    );
    expect(screen.queryByText(/Escalated/)).not.toBeInTheDocument();
  });

  it('says why a request expired or was denied on expiry', () => {
    const { unmount } = renderWithProviders(
      <ResolvedNotice
        request={makeRequest('tool', {
          status: 'expired',
          statusReason: 'No one answered within 30 minutes',
        })}
      />,
    );
    expect(
      screen.getByText('Expired without an answer: no one answered within 30 minutes.'),
    ).toBeInTheDocument();
    unmount();
    renderWithProviders(
      <ResolvedNotice
        request={makeRequest('tool', {
          status: 'answered',
          answeredBy: 'system',
          answeredAt: '2026-03-01T10:30:00.000Z',
          response: { decision: 'deny', note: 'No one answered within 30 minutes' },
          statusReason: 'No one answered within 30 minutes',
        })}
      />,
    );
    expect(
      screen.getByText('Denied on expiry: no one answered within 30 minutes.'),
    ).toBeInTheDocument();
  });
});

describe('expiry in the inbox', () => {
  it('shows the countdown and where the run was escalated to', async () => {
    serveGroups();
    const run = makeRunSummary({
      nextExpiresAt: inMinutes(12),
      escalatedToGroupId: 'team_qa',
      pendingKinds: ['tool'],
      pendingCount: 1,
    });
    renderWithProviders(
      <InboxRow run={run} sourceName="Native API" selected={false} index={0} style={{}} />,
    );
    expect(await screen.findByText('Escalated to QA')).toBeInTheDocument();
    expect(screen.getByText('expires in 12m')).toBeInTheDocument();
  });
});
