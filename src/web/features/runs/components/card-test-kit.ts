import { http, HttpResponse } from 'msw';
import type { RequestKind, RequestOf } from '../../../../shared/requests';
import { makeRequest, makeRunDetail } from '../../../testing/data';
import { errorBody, mockDb } from '../../../testing/msw/handlers';
import { server } from '../../../testing/msw/server';

const answerUrl = '*/api/v1/requests/:id/response';

/** A pending request of `kind` on its own run, stored in the fake backend so it can be answered. */
export function seedRequest<K extends RequestKind>(kind: K, overrides: Partial<RequestOf<K>> = {}) {
  const request = makeRequest(kind, overrides);
  mockDb.details.set(request.runId, makeRunDetail([request], { id: request.runId }));
  return request;
}

/** Makes every answer lose the race to `answeredBy`, who sent `response`. */
export function answeredFirstBy(answeredBy: string, response: unknown) {
  const answeredAt = '2026-03-01T10:00:00.000Z';
  server.use(
    http.post(answerUrl, () =>
      HttpResponse.json(
        errorBody('already_answered', `Already answered by ${answeredBy} at ${answeredAt}`, {
          answeredBy,
          answeredAt,
          response,
        }),
        { status: 409 },
      ),
    ),
  );
}

/** Drops the connection on the first answer (recording its key); later ones reach the fake backend. */
export function dropFirstAnswer() {
  const droppedKeys: (string | null)[] = [];
  server.use(
    http.post(
      answerUrl,
      ({ request }) => {
        droppedKeys.push(request.headers.get('Idempotency-Key'));
        return HttpResponse.error();
      },
      { once: true },
    ),
  );
  return droppedKeys;
}

/** Answers with `status` and an error body. */
export function answerFailsWith(
  status: number,
  code: string,
  message: string,
  details?: Record<string, unknown>,
) {
  server.use(
    http.post(answerUrl, () => HttpResponse.json(errorBody(code, message, details), { status })),
  );
}

/** The retry after a dropped connection comes about a second later. */
export const RETRY_WAIT = { timeout: 4000 };
