import { http, HttpResponse } from 'msw';
import type { CreateWebhook, NotificationJob, Webhook } from '../../../shared/notifications';

const api = (path: string) => `*/api/v1${path}`;

/** Outgoing webhooks, their delivery logs and failed notifications; reset with `webhookDb.reset()`. */
export const webhookDb = {
  hooks: [] as Webhook[],
  jobs: [] as (NotificationJob & { webhookId?: string })[],
  retried: [] as string[],
  reset() {
    this.hooks = [];
    this.jobs = [];
    this.retried = [];
  },
};

export const webhookHandlers = [
  http.get(api('/webhooks'), () => HttpResponse.json({ items: webhookDb.hooks, nextCursor: null })),
  http.post(api('/webhooks'), async ({ request }) => {
    const body = (await request.json()) as CreateWebhook;
    if (!body.url.startsWith('https://')) {
      return HttpResponse.json(
        { error: { code: 'invalid', message: 'Invalid input', details: { url: 'Use https' } } },
        { status: 422 },
      );
    }
    const hook: Webhook = {
      id: `whk_${webhookDb.hooks.length + 1}`,
      url: body.url,
      events: body.events,
      createdAt: '2026-12-04T09:00:00.000Z',
    };
    webhookDb.hooks = [...webhookDb.hooks, hook];
    return HttpResponse.json({ ...hook, secret: 'whsec_shown_once' }, { status: 201 });
  }),
  http.delete(api('/webhooks/:id'), ({ params }) => {
    webhookDb.hooks = webhookDb.hooks.filter((h) => h.id !== params.id);
    return new HttpResponse(null, { status: 204 });
  }),
  http.get(api('/webhooks/:id/deliveries'), ({ params }) =>
    HttpResponse.json({
      items: webhookDb.jobs.filter((j) => j.webhookId === params.id),
      nextCursor: null,
    }),
  ),
  http.post(api('/webhooks/:id/deliveries/:jobId/retry'), ({ params }) => {
    webhookDb.retried.push(String(params.jobId));
    webhookDb.jobs = webhookDb.jobs.map((j) =>
      j.id === params.jobId ? { ...j, status: 'pending', lastError: null } : j,
    );
    return new HttpResponse(null, { status: 202 });
  }),
  http.get(api('/notifications/failures'), () =>
    HttpResponse.json({
      items: webhookDb.jobs.filter((j) => j.status === 'failed'),
      nextCursor: null,
    }),
  ),
];
