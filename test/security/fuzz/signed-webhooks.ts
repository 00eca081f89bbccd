import { createHmac } from 'node:crypto';
import type { FuzzCase } from './cases';
import type { WebhookSource } from './fixtures';
import { deeplyNested, hostileJsonValue, malformedJson, prototypeKeyed } from './hostile-values';
import { mutate } from './cases';
import type { Prng } from './prng';

const hmac = (secret: string, text: string) =>
  createHmac('sha256', secret).update(text, 'utf8').digest('hex');

const dariQuestion = {
  event_type: 'question',
  status: 'waiting_for_input',
  job_id: 'job_fuzz',
  browser_url: 'https://dari.invalid/live',
  question: {
    batch_id: 'batch_1',
    questions: [{ question_id: 'q1', question: 'Which plan?', options: ['Basic', 'Pro'] }],
  },
};
const dariCompletion = {
  event_type: 'completed',
  job_id: 'job_fuzz',
  status: 'completed',
  timestamp: 0,
};
const m8tesEvent = {
  event: 'run.awaiting_input',
  run_id: 'run_fuzz',
  data: { status: 'awaiting_input' },
};
const anchorEvent = {
  type: 'intervention.requested',
  data: { session_id: 'ses_fuzz', intervention_id: 'int_1' },
};

function bodyText(prng: Prng, template: Record<string, unknown>): string {
  const valid = JSON.stringify(template);
  return prng.weighted<() => string>([
    [40, () => JSON.stringify(mutate(prng, template))],
    [10, () => JSON.stringify({ ...template, question: mutate(prng, dariQuestion.question) })],
    [15, () => JSON.stringify(hostileJsonValue(prng))],
    [15, () => malformedJson(prng, valid)],
    [5, () => deeplyNested(prng)],
    [5, () => valid.replace(/"([^"]*)"(?=[,}])/, '"$1\\ud800"')],
    [10, () => valid],
    [15, () => JSON.stringify(prototypeKeyed(prng, template))],
  ])();
}

/**
 * Webhooks that pass signature checks with hostile bodies, so the connectors' parsers and the
 * ingestion behind them see what a compromised or buggy platform could send.
 */
export function* signedWebhookCases(
  prng: Prng,
  sources: readonly WebhookSource[],
  count: number,
): Generator<FuzzCase> {
  for (let i = 0; i < count; i += 1) {
    const source = prng.pick(sources);
    const template = {
      dari: () =>
        prng.pick([dariQuestion, { ...dariCompletion, timestamp: Math.floor(Date.now() / 1000) }]),
      m8tes: () => m8tesEvent,
      anchor: () => anchorEvent,
    }[source.kind]();
    // What the server will read back: the bytes decoded as UTF-8 (a lone surrogate becomes U+FFFD).
    const text = Buffer.from(bodyText(prng, template), 'utf8').toString('utf8');
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    const timestamp = String(Math.floor(Date.now() / 1000));
    if (source.kind === 'dari') {
      headers['X-Webhook-Signature'] = hmac(source.secret, text);
    } else if (source.kind === 'anchor') {
      headers['Anchor-Signature'] =
        `t=${timestamp},v1=${hmac(source.secret, `v0:${timestamp}:${text}`)}`;
    } else {
      const id = `msg_${i}`;
      headers['Webhook-Id'] = id;
      headers['Webhook-Timestamp'] = timestamp;
      headers['Webhook-Signature'] = `v1=${hmac(source.secret, `${id}.${timestamp}.${text}`)}`;
    }
    yield {
      method: 'POST',
      target: `/api/v1/hooks/${source.id}`,
      headers,
      body: Buffer.from(text, 'utf8'),
      identity: 'platform',
      label: `signed ${source.kind} webhook #${i}: ${text.slice(0, 80)}`,
    };
  }
}
