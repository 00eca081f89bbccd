import { screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { Team } from '../../../../shared/teams';
import { server } from '../../../testing/msw/server';
import { renderWithProviders } from '../../../testing/render';
import { RoutesEditor } from './routes-editor';

const groups: Team[] = [
  { id: 'team_support', name: 'Support', createdAt: '2026-03-01T10:00:00.000Z', members: [] },
  { id: 'team_qa', name: 'QA', createdAt: '2026-03-01T10:00:00.000Z', members: [] },
];

function serveSave() {
  const saved: unknown[] = [];
  server.use(
    http.put('*/api/v1/routes', async ({ request }) => {
      saved.push(await request.json());
      return HttpResponse.json({});
    }),
  );
  return saved;
}

describe('expiry policy fields on the Routing page', () => {
  it('sets an expiry and an escalation to another group on a route and on the default route', async () => {
    const saved = serveSave();
    const { user } = renderWithProviders(
      <RoutesEditor
        saved={{ routes: [{ tool: 'deploy', groupId: 'team_support' }], defaultGroupId: 'team_qa' }}
        groups={groups}
      />,
    );
    expect(screen.queryByLabelText('Route 1: escalate to')).not.toBeInTheDocument();
    await user.type(screen.getByLabelText('Route 1: expires after (min)'), '30');
    await user.type(screen.getByLabelText('Route 1: remind before (min)'), '10');
    await user.selectOptions(screen.getByLabelText('Route 1: on expiry'), 'escalate');
    // Its own group is not offered: escalation goes somewhere else.
    const target = screen.getByLabelText('Route 1: escalate to');
    expect([...target.querySelectorAll('option')].map((o) => o.textContent)).toEqual(['QA']);
    await user.clear(screen.getByLabelText('Route 1: new deadline (min)'));
    await user.type(screen.getByLabelText('Route 1: new deadline (min)'), '15');
    await user.selectOptions(screen.getByLabelText('Default route: on expiry'), 'deny');

    await user.click(screen.getByRole('button', { name: 'Save routes' }));
    await waitFor(() =>
      expect(saved).toEqual([
        {
          routes: [
            {
              tool: 'deploy',
              groupId: 'team_support',
              expiresAfterMinutes: 30,
              remindBeforeMinutes: 10,
              onExpiry: 'escalate',
              escalateToGroupId: 'team_qa',
              escalateExpiresAfterMinutes: 15,
            },
          ],
          defaultGroupId: 'team_qa',
          defaultPolicy: {
            onExpiry: 'deny',
            escalateToGroupId: null,
            escalateExpiresAfterMinutes: null,
          },
        },
      ]),
    );
  });

  it('drops the default policy with the default group, and back to expire drops the escalation', async () => {
    const saved = serveSave();
    const { user } = renderWithProviders(
      <RoutesEditor
        saved={{
          routes: [
            {
              groupId: 'team_support',
              onExpiry: 'escalate',
              escalateToGroupId: 'team_qa',
              escalateExpiresAfterMinutes: 15,
            },
          ],
          defaultGroupId: 'team_qa',
          defaultPolicy: { expiresAfterMinutes: 60 },
        }}
        groups={groups}
      />,
    );
    expect(screen.getByLabelText('Route 1: escalate to')).toHaveValue('team_qa');
    expect(screen.getByLabelText('Default route: expires after (min)')).toHaveValue(60);
    await user.selectOptions(screen.getByLabelText('Route 1: on expiry'), 'expire');
    await user.selectOptions(screen.getByLabelText('Default group'), '');
    expect(screen.queryByLabelText('Default route: on expiry')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Save routes' }));
    await waitFor(() =>
      expect(saved).toEqual([
        {
          routes: [
            {
              groupId: 'team_support',
              onExpiry: 'expire',
              escalateToGroupId: null,
              escalateExpiresAfterMinutes: null,
            },
          ],
          defaultGroupId: null,
        },
      ]),
    );
  });
});
