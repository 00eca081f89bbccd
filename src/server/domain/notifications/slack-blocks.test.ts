import { describe, expect, it } from 'vitest';
import { requestMessage } from './slack-blocks';

const view = (kind: string, payload: Record<string, unknown>) => ({
  requestId: 'req_1',
  kind,
  runTitle: 'Refund',
  payload,
  runUrl: 'https://countersign.example/runs/run_1',
});

function buttons(message: ReturnType<typeof requestMessage>) {
  const actions = message.blocks.find((b) => b.type === 'actions') as
    { elements: { text: { text: string }; value?: string; url?: string }[] } | undefined;
  return (actions?.elements ?? []).map((e) => [e.text.text, e.value ?? e.url]);
}

describe('Slack request messages', () => {
  it('give plans, reviews and questions the buttons that open a modal', () => {
    expect(buttons(requestMessage(view('plan', { plan: 'x' })))).toEqual([
      ['Approve plan', 'req_1:approve'],
      ['Request changes', 'req_1:revise'],
      ['Open in Countersign', 'https://countersign.example/runs/run_1'],
    ]);
    expect(buttons(requestMessage(view('review', { output: 'x' }))).slice(0, 2)).toEqual([
      ['Approve', 'req_1:approve'],
      ['Send back', 'req_1:reject'],
    ]);
    expect(
      buttons(requestMessage(view('questions', { questions: [{ id: 'a', text: 'Why?' }] }))),
    ).toEqual([
      ['Answer', 'req_1:answer'],
      ['Open in Countersign', 'https://countersign.example/runs/run_1'],
    ]);
  });

  it('link questions a modal cannot hold to the app instead', () => {
    // 50 questions with options and an own answer take 100 input blocks: more than a modal's 100 with its heading.
    const questions = Array.from({ length: 50 }, (_, i) => ({
      id: `q${i}`,
      text: `Question ${i}`,
      options: ['Yes', 'No'],
    }));
    expect(buttons(requestMessage(view('questions', { questions })))).toEqual([
      ['Answer in Countersign', 'https://countersign.example/runs/run_1'],
    ]);
  });
});
