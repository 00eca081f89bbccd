import { useSuspenseQuery } from '@tanstack/react-query';
import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { Suspense } from 'react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Request } from '../../../../shared/requests';
import { makeRequest, makeRunDetail } from '../../../testing/data';
import { errorBody, mockDb } from '../../../testing/msw/handlers';
import { server } from '../../../testing/msw/server';
import { renderWithProviders } from '../../../testing/render';
import { runDetailOptions } from '../api/get-run';
import { EarlierRequests } from './earlier-requests';

const refused = 'Already answered on m8tes: another approver on m8tes decided the other way';

function answered(delivery: Request['delivery']) {
  return makeRequest('tool', {
    runId: 'run_delivery',
    status: 'answered',
    answeredBy: 'rita',
    answeredAt: '2026-03-01T10:00:00.000Z',
    response: { decision: 'approve' },
    delivery,
  });
}

function RunRequests({ canRetry }: { canRetry: boolean }) {
  const { data } = useSuspenseQuery(runDetailOptions('run_delivery'));
  return <EarlierRequests requests={data.requests} canRetry={canRetry} />;
}

function renderRun(request: Request, canRetry = true) {
  mockDb.details.set('run_delivery', makeRunDetail([request], { id: 'run_delivery' }));
  return renderWithProviders(
    <Suspense fallback={null}>
      <RunRequests canRetry={canRetry} />
    </Suspense>,
  );
}

describe('EarlierRequests delivery', () => {
  beforeEach(() => mockDb.reset());

  it('shows a delivered answer without a retry button', async () => {
    renderRun(answered({ status: 'delivered', attempts: 1, lastError: null }));
    expect(await screen.findByText('Delivered to the agent')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Retry now' })).not.toBeInTheDocument();
  });

  it('shows retries in progress with the last error', async () => {
    renderRun(answered({ status: 'pending', attempts: 3, lastError: 'm8tes answered HTTP 503' }));
    expect(
      await screen.findByText('Not yet delivered; retrying (3 attempts): m8tes answered HTTP 503'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Retry now' })).not.toBeInTheDocument();
  });

  it('retries a failed delivery and shows it pending again', async () => {
    const request = answered({ status: 'failed', attempts: 1, lastError: refused });
    const sent: string[] = [];
    server.use(
      http.post('*/api/v1/requests/:id/retry-delivery', ({ params }) => {
        sent.push(String(params.id));
        const retried = {
          ...request,
          delivery: { status: 'pending', attempts: 1, lastError: refused },
        };
        mockDb.details.set(
          'run_delivery',
          makeRunDetail([retried as Request], { id: 'run_delivery' }),
        );
        return HttpResponse.json(retried);
      }),
    );
    const { user } = renderRun(request);
    expect(await screen.findByText(`Delivery failed: ${refused}`)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Retry now' }));
    expect(await screen.findByText(`Not yet delivered; retrying: ${refused}`)).toBeInTheDocument();
    expect(sent).toEqual([request.id]);
    expect(screen.queryByRole('button', { name: 'Retry now' })).not.toBeInTheDocument();
  });

  it('says why Retry now did not work', async () => {
    server.use(
      http.post('*/api/v1/requests/:id/retry-delivery', () =>
        HttpResponse.json(errorBody('conflict', 'A delivery attempt is in progress'), {
          status: 409,
        }),
      ),
    );
    const { user } = renderRun(answered({ status: 'failed', attempts: 2, lastError: 'HTTP 401' }));
    await user.click(await screen.findByRole('button', { name: 'Retry now' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('A delivery attempt is in progress');
  });

  it('offers no retry to viewers', async () => {
    renderRun(answered({ status: 'failed', attempts: 1, lastError: refused }), false);
    expect(await screen.findByText(`Delivery failed: ${refused}`)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Retry now' })).not.toBeInTheDocument();
  });
});
