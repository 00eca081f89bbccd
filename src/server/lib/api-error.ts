import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorCode } from '../../shared/errors';

/** An error a client caused; app.onError turns it into the `{ error }` body with its status. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    /** Extra response headers, such as Retry-After on a 429. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toBody() {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details ? { details: this.details } : {}),
      },
    };
  }
}

export const notFound = (what: string) => new ApiError(404, 'not_found', `${what} not found`);
export const forbidden = (message = 'You are not allowed to do this') =>
  new ApiError(403, 'forbidden', message);
export const unauthorized = (message = 'Sign in first') =>
  new ApiError(401, 'unauthorized', message);
export const invalid = (details: Record<string, string>, message = 'Some fields are invalid') =>
  new ApiError(422, 'invalid', message, details);
export const conflict = (message: string) => new ApiError(409, 'conflict', message);
