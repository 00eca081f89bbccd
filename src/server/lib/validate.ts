import { en } from 'zod/locales';
import * as z from 'zod/mini';
import { issuesToDetails } from '../../shared/errors';
import { ApiError } from './api-error';

/** zod/mini carries no messages of its own: the details of a 422 or 400 name each problem in English. */
z.config(en());

/** Reads the body as JSON whatever its content type: malformed JSON is a 400, valid JSON that breaks the schema a 422. */
export async function readJson(c: { req: { text(): Promise<string> } }): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') throw new ApiError(400, 'bad_request', 'Send a JSON body');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError(400, 'bad_request', 'The body is not valid JSON');
  }
  if (nestingDepth(value) > maxNestingDepth) {
    throw new ApiError(422, 'invalid', 'The body is nested too deeply', {
      '(body)': `Nest objects and arrays at most ${maxNestingDepth} levels deep`,
    });
  }
  return value;
}

const maxNestingDepth = 64;

/** Measured without recursion, so a hostile body cannot exhaust the stack here or later when stored. */
function nestingDepth(root: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length) {
    const [value, depth] = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > maxNestingDepth) return deepest;
    for (const child of Object.values(value)) stack.push([child, depth + 1]);
  }
  return deepest;
}

export function parseOrInvalid<S extends z.core.$ZodType>(schema: S, value: unknown): z.output<S> {
  const result = z.safeParse(schema, value);
  if (!result.success)
    throw new ApiError(
      422,
      'invalid',
      'Some fields are invalid',
      issuesToDetails(result.error.issues),
    );
  return result.data;
}
