import { useSuspenseQuery } from '@tanstack/react-query';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { Suspense } from 'react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Source } from '../../../../shared/sources';
import { errorBody } from '../../../testing/msw/handlers';
import { server } from '../../../testing/msw/server';
import { renderWithProviders } from '../../../testing/render';
import { sourceListOptions } from '../api/get-sources';
import { SourcesSection } from './sources-section';

const native: Source = {
  id: 'native',
  kind: 'native',
  name: 'Native API',
  createdAt: '2026-01-01T00:00:00.000Z',
};
const m8tes: Source = {
  id: 'src_m8',
  kind: 'm8tes',
  name: 'm8tes prod',
  createdAt: '2026-02-01T00:00:00.000Z',
  baseUrl: 'https://api.m8tes.ai/api/v2',
  settings: {},
  secretsSet: ['apiKey', 'webhookSecret'],
  webhookUrl: 'https://desk.example.com/api/v1/hooks/src_m8',
  health: {
    status: 'error',
    lastOkAt: '2026-02-02T09:00:00.000Z',
    lastError: 'Polling failed: HTTP 401: Invalid API key',
    lastErrorAt: '2026-02-02T10:00:00.000Z',
    lastPolledAt: '2026-02-02T10:00:00.000Z',
  },
};

let sources: Source[];
let sent: { method: string; path: string; body: unknown }[];

function Sources({ canManage }: { canManage: boolean }) {
  const { data } = useSuspenseQuery(sourceListOptions());
  return <SourcesSection sources={data.items} canManage={canManage} />;
}

function renderSources(canManage = true) {
  return renderWithProviders(
    <Suspense fallback={null}>
      <Sources canManage={canManage} />
    </Suspense>,
  );
}

beforeEach(() => {
  sources = [native, m8tes];
  sent = [];
  const record = async (request: Request, path: string) => {
    const text = await request.text();
    sent.push({ method: request.method, path, body: text ? JSON.parse(text) : null });
  };
  server.use(
    http.get('*/api/v1/sources', () => HttpResponse.json({ items: sources, nextCursor: null })),
    http.post('*/api/v1/sources', async ({ request }) => {
      await record(request, '/sources');
      const body = sent.at(-1)!.body as { kind: Source['kind']; name: string };
      const created: Source = {
        ...m8tes,
        id: 'src_new',
        kind: body.kind,
        name: body.name,
        health: undefined,
      };
      sources = [...sources, created];
      return HttpResponse.json(created, { status: 201 });
    }),
    http.patch('*/api/v1/sources/:id', async ({ request, params }) => {
      await record(request, `/sources/${params.id}`);
      const body = sent.at(-1)!.body as { name?: string };
      sources = sources.map((s) => (s.id === params.id ? { ...s, name: body.name ?? s.name } : s));
      return HttpResponse.json(sources.find((s) => s.id === params.id));
    }),
    http.delete('*/api/v1/sources/:id', async ({ request, params }) => {
      await record(request, `/sources/${params.id}`);
      sources = sources.filter((s) => s.id !== params.id);
      return new HttpResponse(null, { status: 204 });
    }),
    http.post('*/api/v1/sources/:id/test', () =>
      HttpResponse.json({
        ok: false,
        message: 'm8tes answered HTTP 401: Invalid API key',
        checkedAt: '2026-02-03T00:00:00.000Z',
      }),
    ),
  );
});

describe('SourcesSection', () => {
  it('shows health, the last error and a webhook URL to copy', async () => {
    const { user } = renderSources();
    const item = await screen.findByRole('listitem', { name: 'm8tes prod' });
    expect(within(item).getByText('Error')).toBeInTheDocument();
    expect(
      within(item).getByText('Last error: Polling failed: HTTP 401: Invalid API key'),
    ).toBeInTheDocument();
    expect(within(item).getByLabelText('Webhook URL for m8tes prod')).toHaveValue(m8tes.webhookUrl);
    await user.click(within(item).getByRole('button', { name: 'Copy webhook URL for m8tes prod' }));
    expect(await navigator.clipboard.readText()).toBe(m8tes.webhookUrl);
    expect(within(item).getByText('Copied.')).toBeInTheDocument();
    expect(within(item).queryByRole('region')).not.toBeInTheDocument();
    const nativeItem = screen.getByRole('listitem', { name: 'Native API' });
    expect(within(nativeItem).queryByLabelText(/Webhook URL/)).not.toBeInTheDocument();
  });

  it('shows how to build a CrewAI kickoff’s human-input webhook URL carrying its own webhook URLs', async () => {
    const crew: Source = {
      ...m8tes,
      id: 'src_crew',
      kind: 'crewai',
      name: 'Research crew',
      baseUrl: 'https://research.crewai.com',
      webhookUrl: 'https://desk.example.com/api/v1/hooks/src_crew',
      health: undefined,
    };
    sources = [native, crew];
    const { user } = renderSources();
    const item = await screen.findByRole('listitem', { name: 'Research crew' });
    const builder = within(item).getByRole('region', {
      name: 'Human-input webhook URL per kickoff for Research crew',
    });
    expect(builder).toHaveTextContent(
      `${crew.webhookUrl}?taskWebhookUrl=<encoded>&stepWebhookUrl=<encoded>&crewWebhookUrl=<encoded>`,
    );
    const built = within(builder).getByLabelText(
      'Human-input webhook URL for this kickoff for Research crew',
    );
    expect(built).toHaveValue(crew.webhookUrl);

    await user.type(
      within(builder).getByLabelText('This kickoff’s taskWebhookUrl'),
      'https://hooks.example.com/task?run=7&kind=a',
    );
    await user.type(
      within(builder).getByLabelText('This kickoff’s crewWebhookUrl'),
      'https://hooks.example.com/done',
    );
    const expected =
      `${crew.webhookUrl}?taskWebhookUrl=https%3A%2F%2Fhooks.example.com%2Ftask%3Frun%3D7%26kind%3Da` +
      '&crewWebhookUrl=https%3A%2F%2Fhooks.example.com%2Fdone';
    expect(built).toHaveValue(expected);
    await user.click(
      within(builder).getByRole('button', {
        name: 'Copy human-input webhook URL for this kickoff for Research crew',
      }),
    );
    expect(await navigator.clipboard.readText()).toBe(expected);
    const query = new URL(expected).searchParams;
    expect(query.get('taskWebhookUrl')).toBe('https://hooks.example.com/task?run=7&kind=a');
  });

  it('connects a platform with only the fields it needs', async () => {
    const { user } = renderSources();
    await user.click(await screen.findByRole('button', { name: 'Connect a platform' }));
    const form = screen.getByRole('form', { name: 'Add a source' });
    await user.selectOptions(within(form).getByLabelText('Platform'), 'dari');
    await user.type(within(form).getByLabelText('Name'), 'Dari claims');
    await user.click(within(form).getByRole('button', { name: 'Add source' }));
    expect(within(form).getByText('Organization id is required')).toBeInTheDocument();
    expect(sent).toEqual([]);

    await user.type(within(form).getByLabelText('Organization id'), 'org_acme');
    await user.type(within(form).getByLabelText('Endpoint name'), 'claims');
    await user.type(within(form).getByLabelText('API key'), 'dari_secret');
    await user.click(within(form).getByRole('button', { name: 'Add source' }));
    expect(await screen.findByRole('listitem', { name: 'Dari claims' })).toBeInTheDocument();
    expect(sent).toEqual([
      {
        method: 'POST',
        path: '/sources',
        body: {
          kind: 'dari',
          name: 'Dari claims',
          settings: { orgId: 'org_acme', endpointName: 'claims' },
          secrets: { apiKey: 'dari_secret' },
        },
      },
    ]);
    expect(screen.queryByRole('form', { name: 'Add a source' })).not.toBeInTheDocument();
  });

  it("puts the server's field errors next to the fields", async () => {
    server.use(
      http.post('*/api/v1/sources', () =>
        HttpResponse.json(
          errorBody('invalid', 'Some fields are invalid', { 'secrets.apiKey': 'Too short' }),
          {
            status: 422,
          },
        ),
      ),
    );
    const { user } = renderSources();
    await user.click(await screen.findByRole('button', { name: 'Connect a platform' }));
    const form = screen.getByRole('form', { name: 'Add a source' });
    await user.type(within(form).getByLabelText('Name'), 'm8tes');
    await user.type(within(form).getByLabelText('API key'), 'x');
    await user.click(within(form).getByRole('button', { name: 'Add source' }));
    expect(await within(form).findByText('Too short')).toBeInTheDocument();
    expect(within(form).getByLabelText('API key')).toHaveAttribute('aria-invalid', 'true');
  });

  it('edits a source and keeps secrets that are left empty', async () => {
    const { user } = renderSources();
    const item = await screen.findByRole('listitem', { name: 'm8tes prod' });
    await user.click(within(item).getByRole('button', { name: 'Edit' }));
    const form = within(item).getByRole('form', { name: 'Edit m8tes prod' });
    expect(within(form).getByLabelText(/API key/)).toHaveValue('');
    expect(within(form).getAllByText('(saved; leave empty to keep)')).toHaveLength(2);
    await user.clear(within(form).getByLabelText('Name'));
    await user.type(within(form).getByLabelText('Name'), 'm8tes EU');
    await user.type(within(form).getByLabelText(/Webhook signing secret/), 'whsec_new');
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByRole('listitem', { name: 'm8tes EU' })).toBeInTheDocument();
    expect(sent[0]).toEqual({
      method: 'PATCH',
      path: '/sources/src_m8',
      body: {
        name: 'm8tes EU',
        baseUrl: 'https://api.m8tes.ai/api/v2',
        settings: {},
        secrets: { webhookSecret: 'whsec_new' },
      },
    });
  });

  it('tests the connection and shows what the platform said', async () => {
    const { user } = renderSources();
    const item = await screen.findByRole('listitem', { name: 'm8tes prod' });
    await user.click(within(item).getByRole('button', { name: 'Test connection' }));
    expect(
      await within(item).findByText('Connection failed: m8tes answered HTTP 401: Invalid API key'),
    ).toBeInTheDocument();
  });

  it('deletes a source only after confirmation', async () => {
    const { user } = renderSources();
    const item = await screen.findByRole('listitem', { name: 'm8tes prod' });
    await user.click(within(item).getByRole('button', { name: 'Delete' }));
    await user.click(within(item).getByRole('button', { name: 'Cancel' }));
    expect(sent).toEqual([]);
    await user.click(within(item).getByRole('button', { name: 'Delete' }));
    await user.click(within(item).getByRole('button', { name: 'Delete source' }));
    await expect.poll(() => screen.queryByRole('listitem', { name: 'm8tes prod' })).toBeNull();
    expect(sent).toEqual([{ method: 'DELETE', path: '/sources/src_m8', body: null }]);
  });

  it('shows sources to non-admins without the controls', async () => {
    renderSources(false);
    const item = await screen.findByRole('listitem', { name: 'm8tes prod' });
    expect(within(item).getByLabelText('Webhook URL for m8tes prod')).toBeInTheDocument();
    expect(within(item).queryByRole('button', { name: 'Edit' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Connect a platform' })).not.toBeInTheDocument();
  });
});
