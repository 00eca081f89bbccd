import { QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Request } from '../../../shared/requests';
import type { RunDetail } from '../../../shared/runs';
import { makeRequest, makeRunDetail, makeRunSummary, testUsers } from '../../testing/data';
import { errorBody, mockDb } from '../../testing/msw/handlers';
import { server } from '../../testing/msw/server';
import { teamDb } from '../../testing/msw/team-handlers';
import { createTestQueryClient } from '../../testing/render';
import { rememberInboxSearch } from '../../features/inbox/lib/last-inbox-search';
import * as RunRoute from './run';

const LIVE_URL = 'https://live.example.net/s/1';
const VIEWER_NOTE = "Viewers can't answer";

function seedRun(requests: Request[], overrides: Partial<RunDetail> = {}) {
  const detail = makeRunDetail(requests, { id: 'run_1', ...overrides });
  mockDb.details.set(detail.id, detail);
  return detail;
}

/** Answers are stored on the fake run, as the real server would, so refetches see them. */
function storeAnswers() {
  server.use(
    http.post('*/api/v1/requests/:id/response', async ({ params, request }) => {
      const body = await request.json();
      mockDb.answers.push({
        requestId: String(params.id),
        body,
        idempotencyKey: request.headers.get('Idempotency-Key'),
      });
      for (const [id, detail] of mockDb.details) {
        const found = detail.requests.find((r) => r.id === params.id);
        if (!found) continue;
        const answered = {
          ...found,
          status: 'answered',
          response: body,
          answeredBy: mockDb.me?.username ?? null,
          answeredAt: new Date().toISOString(),
        } as Request;
        mockDb.details.set(id, {
          ...detail,
          requests: detail.requests.map((r) => (r.id === found.id ? answered : r)),
        });
        return HttpResponse.json(answered);
      }
      return HttpResponse.json(errorBody('not_found', 'No such request'), { status: 404 });
    }),
  );
}

function renderRun(runId = 'run_1') {
  const queryClient = createTestQueryClient();
  const router = createMemoryRouter(
    [
      {
        path: '/runs/:runId',
        loader: RunRoute.clientLoader(queryClient),
        Component: RunRoute.Component,
        ErrorBoundary: RunRoute.ErrorBoundary,
      },
      { path: '/', element: <p>Inbox page</p> },
    ],
    { initialEntries: [`/runs/${runId}`] },
  );
  const user = userEvent.setup();
  render(
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return { user, router, queryClient };
}

const runHeader = async () =>
  (await screen.findByRole('heading', { level: 1 })).closest('header') as HTMLElement;
const section = (name: string) => screen.getByRole('region', { name });

beforeEach(() => mockDb.reset());

describe('Run page', () => {
  it('shows the header: title, status, source, customer, external id, times and live link', async () => {
    seedRun([makeRequest('tool', { runId: 'run_1' })], {
      title: 'Refund for order 1042',
      customer: 'cust_123',
      externalId: 'ext-77',
      liveUrl: LIVE_URL,
    });
    renderRun();
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Refund for order 1042' }),
    ).toBeInTheDocument();
    const header = await runHeader();
    expect(within(header).getByText('Waiting')).toBeInTheDocument();
    expect(await within(header).findByText('Native API')).toBeInTheDocument();
    expect(within(header).getByText('cust_123')).toBeInTheDocument();
    expect(within(header).getByText('ext-77')).toBeInTheDocument();
    expect(header.querySelectorAll('time')).toHaveLength(2);
    const live = within(header).getByRole('link', { name: 'Open live view in new tab' });
    expect(live).toHaveAttribute('href', LIVE_URL);
    expect(live).toHaveAttribute('rel', 'noopener noreferrer');
    expect(within(header).getByRole('button', { name: 'Stop run' })).toBeInTheDocument();
  });

  it('lists pending requests as cards oldest first, then earlier ones with who answered what', async () => {
    const answered = makeRequest('tool', {
      runId: 'run_1',
      tool: 'send_email',
      status: 'answered',
      answeredBy: 'alice',
      answeredAt: '2026-03-01T10:00:00.000Z',
      response: { decision: 'deny', note: 'Not to this address' },
    });
    seedRun([
      answered,
      makeRequest('plan', { runId: 'run_1' }),
      makeRequest('tool', { runId: 'run_1' }),
    ]);
    renderRun();
    const waiting = await screen.findByRole('region', { name: 'Waiting for an answer' });
    expect(
      within(waiting)
        .getAllByRole('heading', { level: 3 })
        .map((h) => h.textContent),
    ).toEqual(['Approve the plan?', 'refund_order']);
    const earlier = section('Earlier requests');
    expect(within(earlier).getByText('send_email')).toBeInTheDocument();
    expect(within(earlier).getByText('alice')).toBeInTheDocument();
    expect(within(earlier).getByText('Denied')).toBeInTheDocument();
    expect(earlier).toHaveTextContent('Note: Not to this address');
  });

  it('shows the live view on its own when no takeover card shows it', async () => {
    seedRun([makeRequest('tool', { runId: 'run_1' })], { liveUrl: LIVE_URL });
    renderRun();
    const live = await screen.findByRole('region', { name: 'Live view' });
    expect(within(live).getByTitle('Live view')).toHaveAttribute(
      'sandbox',
      'allow-scripts allow-forms',
    );
    expect(within(live).getByRole('link', { name: 'Open in new tab' })).toHaveAttribute(
      'href',
      LIVE_URL,
    );
  });

  it('says a finished run’s live view has ended instead of framing or linking a browser that is gone', async () => {
    seedRun([makeRequest('tool', { runId: 'run_1', status: 'answered' })], {
      liveUrl: LIVE_URL,
      status: 'completed',
    });
    renderRun();
    const live = await screen.findByRole('region', { name: 'Live view' });
    expect(live).toHaveTextContent('This run has finished, so its live view has ended with it.');
    expect(screen.queryByTitle('Live view')).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /live view|new tab/i })).not.toBeInTheDocument();
  });

  it('says on the card that the answer is kept until the platform names where it goes, and shows kept answers as such', async () => {
    const hold =
      'Dari has not said which job asked this yet: the answer is kept, and sent to the job as soon as Dari names it.';
    seedRun(
      [
        makeRequest('questions', { runId: 'run_1', id: 'req_open' }),
        makeRequest('questions', {
          runId: 'run_1',
          id: 'req_kept',
          status: 'answered',
          answeredBy: 'alice',
          answeredAt: '2026-03-01T09:00:00.000Z',
          response: { answers: [{ questionId: 'q1', value: 'Yes' }] },
          delivery: { status: 'pending', attempts: 0, lastError: hold },
        }),
      ],
      { deliveryHold: hold },
    );
    renderRun();
    const waiting = await screen.findByRole('region', { name: 'Waiting for an answer' });
    expect(within(waiting).getByRole('note')).toHaveTextContent(hold);
    const earlier = section('Earlier requests');
    expect(earlier).toHaveTextContent(`Kept, not sent yet. ${hold}`);
    expect(earlier).not.toHaveTextContent('Not yet delivered');
  });

  it('shows the live view only once, in the takeover card, while one waits', async () => {
    seedRun([makeRequest('takeover', { runId: 'run_1' })], { liveUrl: LIVE_URL });
    renderRun();
    await screen.findByRole('button', { name: 'Hand back to agent' });
    expect(screen.queryByRole('region', { name: 'Live view' })).not.toBeInTheDocument();
    expect(screen.getAllByTitle('Live view')).toHaveLength(1);
  });

  it('shows the timeline oldest first with actor, time, message and agent data', async () => {
    seedRun([makeRequest('tool', { runId: 'run_1' })], {
      timeline: [
        {
          id: 'evt_1',
          runId: 'run_1',
          type: 'run.created',
          message: 'Run started',
          data: null,
          actor: 'agent',
          createdAt: '2026-03-01T09:00:00.000Z',
        },
        {
          id: 'evt_2',
          runId: 'run_1',
          type: 'lookup',
          message: 'Looked up the order',
          data: { orderId: 1042, items: ['mug'] },
          actor: 'agent',
          createdAt: '2026-03-01T09:01:00.000Z',
        },
        {
          id: 'evt_3',
          runId: 'run_1',
          type: 'request.answered',
          message: 'alice approved',
          data: null,
          actor: 'alice',
          createdAt: '2026-03-01T09:02:00.000Z',
        },
      ],
    });
    renderRun();
    const timeline = await screen.findByRole('region', { name: 'Timeline' });
    const items = within(timeline).getAllByRole('listitem');
    expect(items.map((li) => within(li).getAllByText(/./)[0]?.textContent)).toEqual([
      'agent',
      'agent',
      'alice',
    ]);
    expect(items[1]).toHaveTextContent('Looked up the order');
    const data = within(items[1] as HTMLElement)
      .getByText('Data')
      .closest('details');
    expect(data?.querySelector('pre')?.textContent).toBe(
      JSON.stringify({ orderId: 1042, items: ['mug'] }, null, 2),
    );
    expect(within(items[0] as HTMLElement).queryByText('Data')).not.toBeInTheDocument();
  });

  it('stops the run after confirming, cancelling what was pending', async () => {
    seedRun([makeRequest('tool', { runId: 'run_1' })]);
    const { user } = renderRun();
    const header = await runHeader();
    await user.click(within(header).getByRole('button', { name: 'Stop run' }));
    const dialog = await screen.findByRole('dialog', { name: 'Stop this run?' });
    await user.click(within(dialog).getByRole('button', { name: 'Stop run' }));
    await waitFor(() => expect(within(header).getByText('Stopped')).toBeInTheDocument());
    expect(mockDb.details.get('run_1')?.status).toBe('stopped');
    expect(within(header).queryByRole('button', { name: 'Stop run' })).not.toBeInTheDocument();
    expect(await screen.findByText('Cancelled before anyone answered.')).toBeInTheDocument();
  });

  it('keeps the run going when the stop is cancelled', async () => {
    seedRun([makeRequest('tool', { runId: 'run_1' })]);
    const { user } = renderRun();
    await user.click(await screen.findByRole('button', { name: 'Stop run' }));
    await user.click(
      within(await screen.findByRole('dialog')).getByRole('button', { name: 'Cancel' }),
    );
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(mockDb.details.get('run_1')?.status).toBe('waiting');
  });

  it('moves on to the next waiting run after an answer', async () => {
    storeAnswers();
    seedRun([makeRequest('tool', { runId: 'run_1' })], { title: 'First run' });
    mockDb.details.set(
      'run_2',
      makeRunDetail([makeRequest('plan', { runId: 'run_2' })], {
        id: 'run_2',
        title: 'Second run',
      }),
    );
    mockDb.runs = [
      makeRunSummary({ id: 'run_1', title: 'First run' }),
      makeRunSummary({ id: 'run_2', title: 'Second run' }),
    ];
    const { user, router } = renderRun();
    await user.click(await screen.findByRole('button', { name: 'Approve' }));
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Second run' }),
    ).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/runs/run_2');
    expect(mockDb.answers[0]?.body).toEqual({ decision: 'approve' });
  });

  it('moves on within the inbox as the reviewer last filtered it (kind, search)', async () => {
    storeAnswers();
    rememberInboxSearch({ kind: 'tool', source: undefined, q: 'refund' });
    seedRun([makeRequest('tool', { runId: 'run_1' })], { title: 'Refund A' });
    mockDb.details.set(
      'run_3',
      makeRunDetail([makeRequest('tool', { runId: 'run_3' })], { id: 'run_3', title: 'Refund C' }),
    );
    mockDb.runs = [
      makeRunSummary({ id: 'run_1', title: 'Refund A' }),
      makeRunSummary({ id: 'run_2', title: 'Drop the staging database' }),
      makeRunSummary({ id: 'run_4', title: 'Refund plan', pendingKinds: ['plan'] }),
      makeRunSummary({ id: 'run_3', title: 'Refund C' }),
    ];
    const { user, router } = renderRun();
    const back = await screen.findByRole('link', { name: '← Inbox' });
    expect(back).toHaveAttribute('href', '/?kind=tool&q=refund');
    await user.click(await screen.findByRole('button', { name: 'Approve' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Refund C' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/runs/run_3');
  });

  it('returns to the filtered inbox when nothing else in it is waiting', async () => {
    storeAnswers();
    rememberInboxSearch({ kind: 'tool', source: undefined, q: 'refund' });
    seedRun([makeRequest('tool', { runId: 'run_1' })], { title: 'Refund A' });
    mockDb.runs = [
      makeRunSummary({ id: 'run_1', title: 'Refund A' }),
      makeRunSummary({ id: 'run_2', title: 'Drop the staging database' }),
    ];
    const { user, router } = renderRun();
    await user.click(await screen.findByRole('button', { name: 'Approve' }));
    expect(await screen.findByText('Inbox page')).toBeInTheDocument();
    expect(router.state.location.search).toBe('?kind=tool&q=refund');
  });

  it('goes to the inbox when nothing else is waiting', async () => {
    storeAnswers();
    seedRun([makeRequest('tool', { runId: 'run_1' })]);
    mockDb.runs = [makeRunSummary({ id: 'run_1' })];
    const { user } = renderRun();
    await user.click(await screen.findByRole('button', { name: 'Deny' }));
    expect(await screen.findByText('Inbox page')).toBeInTheDocument();
  });

  it('stays on the run while another of its requests is waiting', async () => {
    storeAnswers();
    seedRun([makeRequest('tool', { runId: 'run_1' }), makeRequest('plan', { runId: 'run_1' })]);
    mockDb.runs = [makeRunSummary({ id: 'run_2' })];
    const { user, router } = renderRun();
    await user.click(await screen.findByRole('button', { name: 'Approve' }));
    expect(await screen.findByText('Approved')).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/runs/run_1');
    expect(screen.getByRole('button', { name: 'Approve plan' })).toBeEnabled();
  });

  it('orders several pending cards by urgency, selects one, and moves with j and k', async () => {
    storeAnswers();
    const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();
    const questions = makeRequest('questions', { runId: 'run_1', expiresAt: null });
    const tool = makeRequest('tool', { runId: 'run_1', expiresAt: inMinutes(10) });
    const plan = makeRequest('plan', { runId: 'run_1', expiresAt: inMinutes(2) });
    seedRun([questions, tool, plan]);
    const { user } = renderRun();
    const waiting = await screen.findByRole('region', { name: 'Waiting for an answer' });
    expect(
      within(waiting)
        .getAllByRole('heading', { level: 3 })
        .map((h) => h.textContent),
    ).toEqual(['Approve the plan?', 'refund_order', '2 questions']);
    const selectedHeading = () =>
      within(waiting.querySelector<HTMLElement>('[aria-current="true"]')!).getByRole('heading', {
        level: 3,
      }).textContent;
    expect(selectedHeading()).toBe('Approve the plan?');

    await user.keyboard('j');
    expect(selectedHeading()).toBe('refund_order');
    await user.keyboard('j');
    expect(selectedHeading()).toBe('2 questions');
    await user.keyboard('k');
    expect(selectedHeading()).toBe('refund_order');

    // d acts on the selected card only: the tool call, not the plan above it.
    await user.keyboard('d');
    await waitFor(() => expect(mockDb.answers).toHaveLength(1));
    expect(mockDb.answers[0]).toMatchObject({ requestId: tool.id, body: { decision: 'deny' } });
    await waitFor(() => expect(selectedHeading()).toBe('2 questions'));
  });

  it('says what a key did not do on a card that has no such action', async () => {
    storeAnswers();
    seedRun([makeRequest('questions', { runId: 'run_1' })]);
    const { user } = renderRun();
    await screen.findByRole('button', { name: 'Submit answers' });
    await user.keyboard('a');
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Questions are answered, not approved',
    );
    expect(mockDb.answers).toHaveLength(0);
  });

  it('d on a plan goes to its feedback and says so, instead of doing nothing', async () => {
    storeAnswers();
    seedRun([makeRequest('plan', { runId: 'run_1' })]);
    const { user } = renderRun();
    await screen.findByRole('button', { name: 'Approve plan' });
    await user.keyboard('d');
    expect(screen.getByLabelText('Feedback')).toHaveFocus();
    expect(screen.getByRole('status')).toHaveTextContent('A plan is not denied');
    expect(mockDb.answers).toHaveLength(0);
  });

  it('opens with focus on the most urgent card, so a approves it; e goes to its first field, Esc back', async () => {
    storeAnswers();
    const plan = makeRequest('plan', { runId: 'run_1' });
    seedRun([plan]);
    const { user } = renderRun();
    const card = (await screen.findByRole('heading', { name: 'Approve the plan?' })).closest(
      '[tabindex="-1"]',
    );
    await waitFor(() => expect(card).toHaveFocus());
    await user.keyboard('e');
    expect(screen.getByLabelText('Feedback')).toHaveFocus();
    await user.keyboard('a');
    expect(mockDb.answers).toHaveLength(0);
    await user.keyboard('{Escape}');
    expect(card).toHaveFocus();
    expect(screen.getByRole('button', { name: 'Approve plan' })).toHaveAttribute(
      'aria-keyshortcuts',
      'a',
    );
    await user.keyboard('a');
    await waitFor(() => expect(mockDb.answers).toHaveLength(1));
    expect(mockDb.answers[0]).toMatchObject({ requestId: plan.id, body: { decision: 'approve' } });
  });

  it('keeps a card that lost the race, saying who answered first, and refreshes the run', async () => {
    const tool = makeRequest('tool', { runId: 'run_1' });
    seedRun([tool]);
    server.use(
      http.post('*/api/v1/requests/:id/response', () => {
        const answered = {
          ...tool,
          status: 'answered',
          answeredBy: 'alice',
          answeredAt: '2026-03-01T10:00:00.000Z',
          response: { decision: 'approve' },
        } as Request;
        mockDb.details.set('run_1', {
          ...mockDb.details.get('run_1')!,
          status: 'running',
          requests: [answered],
        });
        return HttpResponse.json(
          errorBody('already_answered', 'Already answered by alice', {
            answeredBy: 'alice',
            answeredAt: answered.answeredAt,
            response: answered.response,
          }),
          { status: 409 },
        );
      }),
    );
    const { user } = renderRun();
    await user.click(await screen.findByRole('button', { name: 'Deny' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Already answered by alice');
    await waitFor(() => expect(screen.getByText('Running')).toBeInTheDocument());
    expect(screen.getByRole('alert')).toHaveTextContent('Approved');
  });

  it('lets viewers read everything but answer and stop nothing', async () => {
    mockDb.me = testUsers.viewer;
    seedRun([makeRequest('tool', { runId: 'run_1' })]);
    renderRun();
    expect(await screen.findByText(VIEWER_NOTE)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Approve' })).toBeDisabled();
    expect(screen.queryByRole('button', { name: 'Stop run' })).not.toBeInTheDocument();
  });

  it('shows admins the run’s audit entries, with the address they came from', async () => {
    mockDb.me = testUsers.admin;
    teamDb.audit = [
      {
        id: 'aud_1',
        createdAt: '2026-03-01T10:00:00.000Z',
        action: 'request.answered',
        actor: 'rita',
        actorId: 'usr_rev',
        targetType: 'request',
        targetId: 'req_1',
        runId: 'run_1',
        summary: 'rita denied (tool request req_1)',
        ip: '192.0.2.44',
        userAgent: 'Firefox',
        data: null,
      },
    ];
    seedRun([makeRequest('tool', { runId: 'run_1' })]);
    renderRun();
    const audit = await screen.findByRole('region', { name: 'Audit' });
    const table = await within(audit).findByRole('table', { name: 'Audit log of this run' });
    expect(table).toHaveTextContent('rita denied (tool request req_1)');
    expect(table).toHaveTextContent('192.0.2.44');
    expect(within(table).queryByRole('link')).not.toBeInTheDocument();
    expect(Object.fromEntries(teamDb.auditQueries.at(-1)!)).toEqual({ runId: 'run_1' });
  });

  it('shows the audit section to admins only', async () => {
    seedRun([makeRequest('tool', { runId: 'run_1' })]);
    renderRun();
    await screen.findByRole('button', { name: 'Approve' });
    expect(screen.queryByRole('region', { name: 'Audit' })).not.toBeInTheDocument();
    expect(teamDb.auditQueries).toEqual([]);
  });

  it('says the run was not found', async () => {
    renderRun('run_missing');
    expect(await screen.findByRole('heading', { name: 'Not found' })).toBeInTheDocument();
  });
});
