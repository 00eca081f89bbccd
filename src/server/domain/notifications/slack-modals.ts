import { plain } from './slack-text';

/**
 * Slack's modal limits: 100 blocks, a title/submit/close of 24 characters, an input label of 2000, an
 * option's text of 75, a text input of 3000 characters, at most 10 radio buttons and 100 select options.
 */
const maxBlocks = 100;
const maxRadio = 10;
const maxSelect = 100;
const inputMax = 3000;

/** The modals a button opens, by the button's decision; the view's `callback_id` names the same. */
export const modalDecisions = ['revise', 'reject', 'answer'] as const;
export type ModalDecision = (typeof modalDecisions)[number];

export function isModalDecision(value: string): value is ModalDecision {
  return (modalDecisions as readonly string[]).includes(value);
}

export const callbackPrefix = 'countersign_';

type StoredQuestion = { id: string; text: string; options?: string[]; allowOther?: boolean };

function questionsOf(payload: Record<string, unknown>): StoredQuestion[] {
  return Array.isArray(payload.questions) ? (payload.questions as StoredQuestion[]) : [];
}

const withOther = (q: StoredQuestion) => Boolean(q.options?.length) && q.allowOther !== false;

function questionBlocks(q: StoredQuestion, index: number): Record<string, unknown>[] {
  const blockId = `q${index}`;
  if (!q.options?.length) {
    return [
      {
        type: 'input',
        block_id: blockId,
        label: plain(q.text, 2000),
        element: {
          type: 'plain_text_input',
          action_id: 'value',
          multiline: true,
          max_length: inputMax,
        },
      },
    ];
  }
  // The option's index is its value: Slack caps values at 150 characters, and the server maps the index
  // back to the request's own option, so nothing the submission names is taken as the answer's text.
  const options = q.options.map((text, i) => ({ text: plain(text, 75), value: String(i) }));
  const element =
    options.length <= maxRadio
      ? { type: 'radio_buttons', action_id: 'value', options }
      : {
          type: 'static_select',
          action_id: 'value',
          placeholder: plain('Pick one', 150),
          options,
        };
  const pick = {
    type: 'input',
    block_id: blockId,
    label: plain(q.text, 2000),
    element,
    ...(withOther(q) ? { optional: true } : {}),
  };
  if (!withOther(q)) return [pick];
  return [
    pick,
    {
      type: 'input',
      block_id: `${blockId}-other`,
      optional: true,
      label: plain('Or your own answer', 2000),
      element: { type: 'plain_text_input', action_id: 'value', max_length: inputMax },
    },
  ];
}

/** The questions' blocks, or null when Slack cannot show them all in one modal. */
function questionsBlocks(payload: Record<string, unknown>): Record<string, unknown>[] | null {
  const questions = questionsOf(payload);
  if (questions.length === 0) return null;
  if (questions.some((q) => (q.options?.length ?? 0) > maxSelect)) return null;
  const blocks = questions.flatMap(questionBlocks);
  return blocks.length + 1 <= maxBlocks ? blocks : null;
}

export function questionsModalFits(payload: Record<string, unknown>): boolean {
  return questionsBlocks(payload) !== null;
}

const feedbackTexts = {
  revise: { title: 'Request changes', submit: 'Request changes', label: 'What should change?' },
  reject: { title: 'Send back', submit: 'Send back', label: 'What needs another pass?' },
};

/**
 * The modal a button opens. `private_metadata` carries the request id only so the submission can name
 * it; the server checks again who submits and whether they may answer.
 */
export function requestModal(
  decision: ModalDecision,
  request: { id: string; runTitle: string; payload: Record<string, unknown> },
): Record<string, unknown> | null {
  const context = { type: 'section', text: plain(request.runTitle, 500) };
  const base = {
    type: 'modal',
    callback_id: `${callbackPrefix}${decision}`,
    private_metadata: request.id,
    close: plain('Cancel', 24),
  };
  if (decision === 'answer') {
    const blocks = questionsBlocks(request.payload);
    if (!blocks) return null;
    return {
      ...base,
      title: plain('Answer', 24),
      submit: plain('Send answers', 24),
      blocks: [context, ...blocks],
    };
  }
  const texts = feedbackTexts[decision];
  return {
    ...base,
    title: plain(texts.title, 24),
    submit: plain(texts.submit, 24),
    blocks: [
      context,
      {
        type: 'input',
        block_id: 'feedback',
        label: plain(texts.label, 2000),
        element: {
          type: 'plain_text_input',
          action_id: 'value',
          multiline: true,
          max_length: inputMax,
        },
      },
    ],
  };
}

/** A modal that only says something, in place of the form (a lost race, a refusal). */
export function noticeModal(title: string, text: string): Record<string, unknown> {
  return {
    type: 'modal',
    title: plain(title, 24),
    close: plain('Close', 24),
    blocks: [{ type: 'section', text: plain(text) }],
  };
}

/** `view.state.values` as Slack sends it: block id → action id → the element's state. */
export type ViewValues = Record<string, Record<string, unknown>>;

function elementState(values: ViewValues, blockId: string) {
  const block = Object.hasOwn(values, blockId) ? values[blockId] : undefined;
  const state =
    block && typeof block === 'object' && Object.hasOwn(block, 'value') ? block.value : undefined;
  return (state && typeof state === 'object' ? state : {}) as {
    value?: unknown;
    selected_option?: { value?: unknown } | null;
  };
}

function typed(values: ViewValues, blockId: string): string {
  const value = elementState(values, blockId).value;
  return typeof value === 'string' ? value.trim() : '';
}

function picked(values: ViewValues, blockId: string, options: readonly string[]): string | null {
  const raw = elementState(values, blockId).selected_option?.value;
  if (typeof raw !== 'string' || !/^\d{1,3}$/.test(raw)) return null;
  return options[Number(raw)] ?? null;
}

export type ModalAnswer =
  { ok: true; body: Record<string, unknown> } | { ok: false; errors: Record<string, string> };

/** Reads a submitted modal into the same answer body the web app sends, or Slack's field errors. */
export function readModalAnswer(
  decision: ModalDecision,
  payload: Record<string, unknown>,
  values: ViewValues,
): ModalAnswer {
  if (decision !== 'answer') {
    const feedback = typed(values, 'feedback');
    if (!feedback) return { ok: false, errors: { feedback: 'Say what should change' } };
    return { ok: true, body: { decision, feedback } };
  }
  const errors: Record<string, string> = {};
  const answers = questionsOf(payload).map((q, i) => {
    const choice = q.options?.length ? picked(values, `q${i}`, q.options) : null;
    const own =
      withOther(q) || !q.options?.length
        ? typed(values, q.options?.length ? `q${i}-other` : `q${i}`)
        : '';
    if (choice !== null && own)
      errors[`q${i}`] = 'Pick an option or write your own answer, not both';
    else if (choice === null && !own) errors[`q${i}`] = 'This question needs an answer';
    return { questionId: q.id, value: choice ?? own };
  });
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, body: { answers } };
}

/** Maps the domain's field problems (`answers.<questionId>`) to the modal's blocks. */
export function problemsToErrors(
  decision: ModalDecision,
  payload: Record<string, unknown>,
  problems: Record<string, unknown>,
): Record<string, string> {
  const first = decision === 'answer' ? 'q0' : 'feedback';
  const questions = questionsOf(payload);
  const errors: Record<string, string> = {};
  for (const [key, message] of Object.entries(problems)) {
    const text = typeof message === 'string' ? message : 'This answer is not valid';
    const index = key.startsWith('answers.')
      ? questions.findIndex((q) => q.id === key.slice('answers.'.length))
      : -1;
    const blockId = index >= 0 ? `q${index}` : first;
    errors[blockId] ??= text.slice(0, 150);
  }
  return Object.keys(errors).length ? errors : { [first]: 'This answer is not valid' };
}
