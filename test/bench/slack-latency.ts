import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { signSlackInteraction, startSlackFake } from '../fakes/slack';
import { benchAgentToken, startBenchServer } from './bench-server';
import { bars, type Figure } from './figures';
import { sleep, spread } from './stats';
import { saveSamples } from './table';

const warmup = 10;
const samples = 200;
const signingSecret = 'bench-slack-signing-secret';
const botToken = 'xoxb-bench';
const channel = 'C0BENCH';
// Time for the agent's GET to reach the server and start waiting before the Slack click.
const agentHeadStartMs = 100;

/**
 * PRODUCT.md §8's Slack bars on the real server in its own process, Slack being the fake Web API in this
 * process (one clock for both ends): an agent asks → the message reaches Slack (`chat.postMessage`), and a
 * signed Slack Approve click → the agent's waiting GET returns.
 */
export async function slackLatency(webDir = resolve('bench-results/web')): Promise<Figure[]> {
  const slack = await startSlackFake({
    botToken,
    users: [{ id: 'UBENCH', email: 'bench-reviewer@example.com' }],
  });
  const server = await startBenchServer({
    webDir,
    env: () => ({ COUNTERSIGN_SLACK_API_URL: slack.url }),
  });
  try {
    await server.dashboard('PUT', '/integrations/slack', { botToken, signingSecret, channel });
    const reviewer = await server.dashboard<{ id: string }>('POST', '/users', {
      username: 'slack-bench',
      password: 'slack-bench-password',
      role: 'reviewer',
    });
    await server.dashboard('PATCH', `/users/${reviewer.id}`, {
      email: 'bench-reviewer@example.com',
    });

    // Agent asks → the message is at Slack.
    const asked: string[] = [];
    const toSlack: number[] = [];
    for (let i = 0; i < warmup + samples; i++) {
      const run = await server.agent<{ id: string }>('POST', '/runs', {
        title: `Slack bench ${i}`,
      });
      const sentAt = performance.now();
      const request = await server.agent<{ id: string }>('POST', `/runs/${run.id}/requests`, {
        kind: 'tool',
        tool: 'refund_order',
        input: { amount: i },
      });
      const button = `"${request.id}:approve"`;
      const message = await slack.whenPosted((m) => JSON.stringify(m.blocks).includes(button));
      if (i >= warmup) toSlack.push(message.postedAt - sentAt);
      asked.push(request.id);
    }

    // A Slack click → the agent's waiting GET returns.
    const clickToAgent: number[] = [];
    for (const [i, requestId] of asked.entries()) {
      const waiting = fetch(`${server.url}/api/v1/requests/${requestId}?wait=30`, {
        headers: { Authorization: `Bearer ${benchAgentToken}` },
      }).then(async (res) => ({
        at: performance.now(),
        body: (await res.json()) as { status?: string },
      }));
      await sleep(agentHeadStartMs);
      const signed = signSlackInteraction(signingSecret, {
        type: 'block_actions',
        user: { id: 'UBENCH' },
        channel: { id: channel },
        trigger_id: `bench-${i}`,
        actions: [{ action_id: 'countersign_approve', value: `${requestId}:approve` }],
      });
      const clickedAt = performance.now();
      const ack = await fetch(`${server.url}/api/v1/integrations/slack/interactions`, {
        method: 'POST',
        headers: signed.headers,
        body: signed.body,
      });
      if (ack.status !== 200) throw new Error(`The interactions endpoint answered ${ack.status}`);
      const returned = await waiting;
      if (returned.body.status !== 'answered') {
        throw new Error(`The agent's GET returned ${String(returned.body.status)}`);
      }
      if (i >= warmup) clickToAgent.push(returned.at - clickedAt);
    }
    await saveSamples('slack', { toSlack, clickToAgent });

    const posted = spread(toSlack);
    const clicked = spread(clickToAgent);
    const suite = 'slack';
    return [
      {
        suite,
        what: 'Slack: agent asks → message posted, p95',
        value: posted.p95,
        unit: 'ms',
        bar: bars.slackPostP95,
        detail: `p50 ${posted.p50.toFixed(0)}, p99 ${posted.p99.toFixed(0)}, max ${posted.max.toFixed(0)} ms; n=${posted.n}`,
      },
      {
        suite,
        what: "Slack: click → agent's waiting GET returns, p95",
        value: clicked.p95,
        unit: 'ms',
        bar: bars.slackClickP95,
        detail: `p50 ${clicked.p50.toFixed(1)}, p99 ${clicked.p99.toFixed(1)}, max ${clicked.max.toFixed(1)} ms; n=${clicked.n}`,
      },
    ];
  } finally {
    await server.stop();
    await slack.close();
  }
}

// Alone: `node --import tsx test/bench/slack-latency.ts` (no browser, no build needed).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const f of await slackLatency()) {
    process.stdout.write(
      `${f.what}: ${f.value.toFixed(1)} ${f.unit} (${f.bar?.text ?? ''}) ${f.detail ?? ''}\n`,
    );
  }
}
