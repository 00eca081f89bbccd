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

function serveRoutes() {
  const sent: { preview: unknown[]; saved: unknown[] } = { preview: [], saved: [] };
  server.use(
    http.post('*/api/v1/routes/preview', async ({ request }) => {
      const body = (await request.json()) as {
        routing: {
          routes: { tool: string | null; groupId: string }[];
          defaultGroupId: string | null;
        };
        example: { tool: string | null };
      };
      sent.preview.push(body);
      const index = body.routing.routes.findIndex(
        (r) => r.tool === null || r.tool === body.example.tool,
      );
      return HttpResponse.json(
        index >= 0
          ? { routeIndex: index, groupId: body.routing.routes[index]!.groupId }
          : { routeIndex: null, groupId: body.routing.defaultGroupId },
      );
    }),
    http.put('*/api/v1/routes', async ({ request }) => {
      sent.saved.push(await request.json());
      return HttpResponse.json({});
    }),
  );
  return sent;
}

describe('RoutesEditor', () => {
  it('builds an ordered list, tries an example on it unsaved, then saves it', async () => {
    const sent = serveRoutes();
    const { user } = renderWithProviders(
      <RoutesEditor saved={{ routes: [], defaultGroupId: null }} groups={groups} />,
    );
    await user.click(screen.getByRole('button', { name: 'Add route' }));
    await user.type(screen.getByLabelText('Route 1 tool'), 'deploy');
    await user.selectOptions(screen.getByLabelText('Route 1 group'), 'team_qa');
    await user.selectOptions(screen.getByLabelText('Default group'), 'team_support');

    await user.type(screen.getByLabelText('Example tool'), 'deploy');
    await user.click(screen.getByRole('button', { name: 'Try' }));
    expect(await screen.findByText('Route 1 matches: it goes to QA')).toBeInTheDocument();
    await user.clear(screen.getByLabelText('Example tool'));
    await user.type(screen.getByLabelText('Example tool'), 'refund');
    await user.click(screen.getByRole('button', { name: 'Try' }));
    expect(await screen.findByText('No route matches: it goes to Support')).toBeInTheDocument();
    expect(sent.saved).toEqual([]);

    await user.click(screen.getByRole('button', { name: 'Save routes' }));
    await waitFor(() =>
      expect(sent.saved).toEqual([
        {
          routes: [{ kind: null, tool: 'deploy', customer: null, groupId: 'team_qa' }],
          defaultGroupId: 'team_support',
        },
      ]),
    );
  });

  it('reorders and removes routes', async () => {
    const sent = serveRoutes();
    const { user } = renderWithProviders(
      <RoutesEditor
        saved={{
          routes: [
            { tool: 'a', groupId: 'team_qa' },
            { tool: 'b', groupId: 'team_support' },
          ],
          defaultGroupId: null,
        }}
        groups={groups}
      />,
    );
    await user.click(screen.getByRole('button', { name: 'Move route 2 up' }));
    expect(screen.getByLabelText('Route 1 tool')).toHaveValue('b');
    await user.click(screen.getByRole('button', { name: 'Remove route 2' }));
    await user.click(screen.getByRole('button', { name: 'Save routes' }));
    await waitFor(() =>
      expect(sent.saved).toEqual([
        { routes: [{ tool: 'b', groupId: 'team_support' }], defaultGroupId: null },
      ]),
    );
  });

  it('routes by source, chosen by name, and keeps a source that is gone', async () => {
    const sent = serveRoutes();
    const { user } = renderWithProviders(
      <RoutesEditor
        saved={{ routes: [{ sourceId: 'src_gone', groupId: 'team_qa' }], defaultGroupId: null }}
        groups={groups}
      />,
    );
    expect(screen.getByLabelText('Route 1 source')).toHaveValue('src_gone');
    await user.click(screen.getByRole('button', { name: 'Add route' }));
    // The sources are read once, for every row.
    expect(await screen.findAllByRole('option', { name: 'Native API' })).toHaveLength(2);
    await user.selectOptions(screen.getByLabelText('Route 2 source'), 'native');
    await user.selectOptions(screen.getByLabelText('Route 2 group'), 'team_support');
    await user.click(screen.getByRole('button', { name: 'Save routes' }));
    await waitFor(() =>
      expect(sent.saved).toEqual([
        {
          routes: [
            { sourceId: 'src_gone', groupId: 'team_qa' },
            {
              kind: null,
              tool: null,
              customer: null,
              sourceId: 'native',
              groupId: 'team_support',
            },
          ],
          defaultGroupId: null,
        },
      ]),
    );
  });
});
