import * as z from 'zod/mini';

export const errorCodes = [
  'bad_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'already_answered',
  'already_approved',
  'expired',
  'not_pending',
  'payload_too_large',
  'headers_too_large',
  'request_timeout',
  'invalid',
  'rate_limited',
  'internal',
  'unavailable',
] as const;

export const errorCodeSchema = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

/** `details` names the offending fields: `{ "questions.0.text": "Required" }`, or carries context such as who answered first. */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.optional(z.record(z.string(), z.unknown())),
    /** The id the server logged this request under (also the X-Request-Id header), to quote when asking for help. */
    requestId: z.optional(z.string()),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** Flattens zod issues into `{ path: message }` for the `details` of a 422. */
export function issuesToDetails(issues: readonly z.core.$ZodIssue[]): Record<string, string> {
  // A Map, because paths hold names agents chose (`constructor`, `__proto__`).
  const details = new Map<string, string>();
  for (const issue of issues) {
    const key = issue.path.map(String).join('.') || '(body)';
    if (!details.has(key)) details.set(key, issue.message);
  }
  return Object.fromEntries(details);
}

/** `details` of a 409 `already_answered`: who answered first, when, and what they answered. */
export const alreadyAnsweredDetailsSchema = z.object({
  answeredBy: z.nullable(z.string()),
  answeredAt: z.nullable(z.string()),
  response: z.unknown(),
});
export type AlreadyAnsweredDetails = z.infer<typeof alreadyAnsweredDetailsSchema>;
