import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { renderWithProviders } from '../../../testing/render';
import { mockDb } from '../../../testing/msw/handlers';
import {
  answeredFirstBy,
  answerFailsWith,
  dropFirstAnswer,
  RETRY_WAIT,
  seedRequest,
} from './card-test-kit';
import { RETRYING_NOTE, VIEWER_NOTE } from './card-frame';
import { QuestionsCard } from './questions-card';

const PLAN_QUESTION = 'Which plan should the customer get?';
const NOTE_QUESTION = 'Anything to tell them?';
const SUBMIT = { name: 'Submit answers' };

const group = (name: string) =>
  screen.getByRole('group', { name: new RegExp(name.replace('?', '\\?')) });

beforeEach(() => mockDb.reset());

describe('QuestionsCard', () => {
  it('shows each question as a group with its options as radio buttons', () => {
    const request = seedRequest('questions');
    renderWithProviders(<QuestionsCard request={request} role="reviewer" />);
    const plan = group(PLAN_QUESTION);
    expect(
      within(plan)
        .getAllByRole('radio')
        .map((r) => r.getAttribute('value')),
    ).toEqual(['Basic', 'Pro']);
    expect(within(plan).getByLabelText('Other answer')).toBeInTheDocument();
    const note = group(NOTE_QUESTION);
    expect(within(note).queryByRole('radio')).not.toBeInTheDocument();
    expect(within(note).getByLabelText('Your answer')).toBeInTheDocument();
  });

  it('offers an other answer when allowOther is left out', () => {
    const request = seedRequest('questions', {
      questions: [{ id: 'q1', text: 'Ship it?', options: ['Yes', 'No'] } as never],
    });
    renderWithProviders(<QuestionsCard request={request} role="reviewer" />);
    expect(screen.getByLabelText('Other answer')).toBeInTheDocument();
  });

  it('hides the other answer box when other answers are not allowed', () => {
    const request = seedRequest('questions', {
      questions: [{ id: 'q1', text: 'Ship it?', options: ['Yes', 'No'], allowOther: false }],
    });
    renderWithProviders(<QuestionsCard request={request} role="reviewer" />);
    expect(screen.queryByLabelText('Other answer')).not.toBeInTheDocument();
  });

  it('says how many are answered, and Submit with a gap takes the reviewer to it', async () => {
    const questions = Array.from({ length: 30 }, (_, i) => ({
      id: `q${i + 1}`,
      text: `Question ${i + 1}?`,
      allowOther: true,
    }));
    const request = seedRequest('questions', { questions });
    // 29 answers typed earlier, restored from the draft (typing them here is slow on a busy machine).
    const typed = Object.fromEntries(
      questions
        .filter((_, i) => i !== 16)
        .map((q) => [q.id, { mode: 'other', option: '', other: 'ok' }]),
    );
    localStorage.setItem(`countersign:draft:anonymous:${request.id}`, JSON.stringify(typed));
    const { user } = renderWithProviders(<QuestionsCard request={request} role="reviewer" />);
    expect(screen.getByText(/29 of 30 answered/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', SUBMIT));
    const gap = group('17. Question 17?');
    expect(within(gap).getByRole('textbox')).toHaveFocus();
    expect(gap).toHaveAccessibleDescription('Not answered yet');
    expect(mockDb.answers).toHaveLength(0);
    await user.type(within(gap).getByRole('textbox'), '   ');
    await user.click(screen.getByRole('button', SUBMIT));
    expect(mockDb.answers).toHaveLength(0);
    await user.type(within(gap).getByRole('textbox'), 'Welcome aboard');
    expect(screen.getByText(/30 of 30 answered/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', SUBMIT));
    await waitFor(() => expect(mockDb.answers).toHaveLength(1));
  });

  it('submits one answer per question, using the typed other answer over a picked option', async () => {
    const request = seedRequest('questions');
    const { user } = renderWithProviders(<QuestionsCard request={request} role="reviewer" />);
    const plan = group(PLAN_QUESTION);
    await user.click(within(plan).getByLabelText('Basic'));
    await user.type(within(plan).getByLabelText('Other answer'), 'Enterprise trial');
    expect(within(plan).getByLabelText('Basic')).not.toBeChecked();
    await user.type(within(group(NOTE_QUESTION)).getByLabelText('Your answer'), ' Thanks ');
    await user.click(screen.getByRole('button', SUBMIT));
    await waitFor(() => expect(mockDb.answers).toHaveLength(1));
    expect(mockDb.answers[0]?.body).toEqual({
      answers: [
        { questionId: 'q1', value: 'Enterprise trial' },
        { questionId: 'q2', value: 'Thanks' },
      ],
    });
  });

  it('goes back to a picked option when one is clicked after typing', async () => {
    const request = seedRequest('questions');
    const { user } = renderWithProviders(<QuestionsCard request={request} role="reviewer" />);
    const plan = group(PLAN_QUESTION);
    await user.type(within(plan).getByLabelText('Other answer'), 'Something else');
    await user.click(within(plan).getByLabelText('Pro'));
    await user.type(within(group(NOTE_QUESTION)).getByLabelText('Your answer'), 'Hi');
    await user.click(screen.getByRole('button', SUBMIT));
    await waitFor(() => expect(mockDb.answers).toHaveLength(1));
    expect(mockDb.answers[0]?.body).toEqual({
      answers: [
        { questionId: 'q1', value: 'Pro' },
        { questionId: 'q2', value: 'Hi' },
      ],
    });
  });

  it('keeps picked options and typed answers as a draft across a remount', async () => {
    const request = seedRequest('questions');
    const first = renderWithProviders(<QuestionsCard request={request} role="reviewer" />);
    await first.user.click(within(group(PLAN_QUESTION)).getByLabelText('Pro'));
    await first.user.type(within(group(NOTE_QUESTION)).getByLabelText('Your answer'), 'Half-typed');
    first.unmount();
    renderWithProviders(<QuestionsCard request={request} role="reviewer" />);
    expect(within(group(PLAN_QUESTION)).getByLabelText('Pro')).toBeChecked();
    expect(within(group(NOTE_QUESTION)).getByLabelText('Your answer')).toHaveValue('Half-typed');
    expect(screen.getByRole('button', SUBMIT)).toBeEnabled();
  });

  it('shows who answered first, with their answer to each question', async () => {
    const request = seedRequest('questions');
    answeredFirstBy('alice', {
      answers: [
        { questionId: 'q1', value: 'Basic' },
        { questionId: 'q2', value: 'Sorry for the wait' },
      ],
    });
    const { user } = renderWithProviders(<QuestionsCard request={request} role="reviewer" />);
    await user.click(within(group(PLAN_QUESTION)).getByLabelText('Pro'));
    await user.type(within(group(NOTE_QUESTION)).getByLabelText('Your answer'), 'Hello');
    await user.click(screen.getByRole('button', SUBMIT));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Already answered by alice');
    expect(within(alert).getByText(PLAN_QUESTION).nextElementSibling).toHaveTextContent('Basic');
    expect(within(alert).getByText('Sorry for the wait')).toBeInTheDocument();
  });

  it('shows the problems of a rejected answer', async () => {
    const request = seedRequest('questions');
    answerFailsWith(422, 'invalid', 'The answer is invalid', {
      'answers.q1': 'Pick one of the options',
    });
    const { user } = renderWithProviders(<QuestionsCard request={request} role="reviewer" />);
    await user.click(within(group(PLAN_QUESTION)).getByLabelText('Pro'));
    await user.type(within(group(NOTE_QUESTION)).getByLabelText('Your answer'), 'Hello');
    await user.click(screen.getByRole('button', SUBMIT));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The answer is invalid');
    expect(alert).toHaveTextContent('answers.q1: Pick one of the options');
    expect(screen.getByRole('button', SUBMIT)).toBeEnabled();
  });

  it('retries a dropped answer with the same idempotency key', async () => {
    const request = seedRequest('questions');
    const dropped = dropFirstAnswer();
    const { user } = renderWithProviders(<QuestionsCard request={request} role="reviewer" />);
    await user.click(within(group(PLAN_QUESTION)).getByLabelText('Basic'));
    await user.type(within(group(NOTE_QUESTION)).getByLabelText('Your answer'), 'Hi');
    await user.click(screen.getByRole('button', SUBMIT));
    expect(await screen.findByText(RETRYING_NOTE)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sending…' })).toBeDisabled();
    await waitFor(() => expect(mockDb.answers).toHaveLength(1), RETRY_WAIT);
    expect(mockDb.answers[0]?.idempotencyKey).toBe(dropped[0]);
  });

  it('lets viewers read the questions but not answer them', () => {
    const request = seedRequest('questions');
    renderWithProviders(<QuestionsCard request={request} role="viewer" />);
    expect(screen.getByText(VIEWER_NOTE)).toBeInTheDocument();
    expect(within(group(PLAN_QUESTION)).getByLabelText('Basic')).toBeDisabled();
    expect(screen.getByRole('button', SUBMIT)).toBeDisabled();
  });
});
