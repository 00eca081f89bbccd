export type EditedInput =
  { ok: true; value: Record<string, unknown> } | { ok: false; error: string };

/** The reviewer's JSON as a tool input: it must parse, and be an object as the agent's input is. */
export function parseEditedInput(text: string): EditedInput {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'it does not parse';
    return { ok: false, error: `Not valid JSON: ${reason}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, error: 'The input must be a JSON object, in { }' };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

export const formatInput = (input: Record<string, unknown>) => JSON.stringify(input, null, 2);
