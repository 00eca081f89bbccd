import * as z from 'zod/mini';

/**
 * The arguments of each MCP tool as a model sees them (the SDK turns these shapes into JSON Schema for
 * tools/list). They check types and say what each argument is for; the request itself is checked
 * afterwards by the same schema as the REST API's, so every limit is the API's.
 */

const described = <T extends z.ZodMiniType>(schema: T, description: string) =>
  schema.check(z.describe(description));

/**
 * A JSON object carried as it came: `z.record` would drop a `__proto__` key the agent sent, and the
 * REST API's own check (which keeps it) is applied afterwards.
 */
const jsonObject = (description: string) =>
  z.unknown().check(z.meta({ type: 'object', description }));

/** Where the request goes: an existing run, or a new one. */
export const runTarget = {
  runId: z.optional(
    described(
      z.string().check(z.minLength(1), z.maxLength(100)),
      'The Countersign run to ask on (from an earlier result). Leave out to start a new run.',
    ),
  ),
  title: z.optional(
    described(
      z.string().check(z.maxLength(500)),
      'Title of the new run when runId is left out: what the agent is working on, e.g. "Refund order 1042". Shown in the inbox.',
    ),
  ),
  customer: z.optional(
    described(
      z.string().check(z.maxLength(200)),
      'The customer the new run is for (when runId is left out); rules can approve calls per customer.',
    ),
  ),
  expiresInSeconds: z.optional(
    described(
      z.number().check(z.int(), z.gte(1), z.lte(30 * 86_400)),
      'Give up on the answer after this many seconds; the result then says "expired". Leave out to wait until someone answers.',
    ),
  ),
};

export const askQuestionsInput = {
  questions: described(
    z.array(
      z.object({
        id: z.optional(
          described(
            z.string().check(z.minLength(1), z.maxLength(100)),
            'A short id for the question; answers name it. Defaults to q1, q2, …',
          ),
        ),
        text: described(z.string().check(z.maxLength(2000)), 'The question, in plain words.'),
        options: z.optional(
          described(
            z.array(z.string().check(z.maxLength(500))).check(z.maxLength(50)),
            'Suggested answers the person can pick with one click.',
          ),
        ),
        allowOther: z.optional(
          described(
            z.boolean(),
            'Whether a free-text answer is allowed besides the options (default true).',
          ),
        ),
      }),
    ),
    'One to 50 questions, asked together and answered together.',
  ),
  ...runTarget,
};

export const requestApprovalInput = {
  tool: described(
    z.string().check(z.maxLength(200)),
    'The name of the tool or action to be approved, e.g. "refund_order".',
  ),
  input: jsonObject(
    'The arguments the call would run with, as a JSON object. The reviewer may edit them: run the call with the `input` of the result, not your own.',
  ),
  reason: z.optional(
    described(
      z.string().check(z.maxLength(5000)),
      'Why the call is needed; shown to the reviewer.',
    ),
  ),
  ...runTarget,
};

export const requestPlanApprovalInput = {
  plan: described(
    z.string().check(z.maxLength(100_000)),
    'The plan, in Markdown. The result says approve, or revise with feedback.',
  ),
  ...runTarget,
};

export const requestReviewInput = {
  output: described(
    z.string().check(z.maxLength(200_000)),
    'The output to review (Markdown): a draft, a report, a diff. The result says approve or reject, with feedback.',
  ),
  reviewTitle: z.optional(
    described(
      z.string().check(z.maxLength(500)),
      'A heading for the output, e.g. "Reply to ticket 88".',
    ),
  ),
  ...runTarget,
};

export const askMessageInput = {
  message: described(
    z.string().check(z.maxLength(20_000)),
    'What to tell or ask the person (Markdown). Without fields they answer in free text.',
  ),
  fields: z.optional(
    described(
      z.array(
        z.object({
          name: described(
            z.string().check(z.maxLength(100)),
            'The key of this field in the answer.',
          ),
          label: described(z.string().check(z.maxLength(200)), 'The label the person sees.'),
          required: z.optional(z.boolean()),
          placeholder: z.optional(z.string().check(z.maxLength(200))),
          defaultValue: z.optional(z.string().check(z.maxLength(5000))),
        }),
      ),
      'Named text fields to fill in instead of a free-text answer (at most 30).',
    ),
  ),
  ...runTarget,
};

/** Claude Code's --permission-prompt-tool arguments, plus where to ask. */
export const permissionPromptInput = {
  tool_name: described(
    z.string().check(z.maxLength(200)),
    'The tool the agent wants to use, e.g. "Bash".',
  ),
  input: jsonObject('The arguments of that tool use.'),
  tool_use_id: z.optional(
    described(z.string().check(z.maxLength(200)), 'The id of the tool use, when there is one.'),
  ),
  ...runTarget,
};

export const waitForAnswerInput = {
  requestId: described(
    z.string().check(z.minLength(1), z.maxLength(100)),
    'The requestId of a result whose status was "pending".',
  ),
};
