import { createHmac, randomBytes } from 'node:crypto';
import { routeTable } from '../../../src/server/testing/route-table';
import type { recordedApi } from './recorded-api';

type Api = ReturnType<typeof recordedApi>;

/** A value no page or log could contain by chance. */
export const secretValue = (label: string) => `${label}_${randomBytes(18).toString('base64url')}`;

export type KnownSecret = { label: string; value: string };

/**
 * A day of team use over the API: people and passwords, sign-ins good and bad, agent tokens, every
 * platform's source with its secrets (rotated too), webhooks signed and forged, runs, answers, rules,
 * the event stream, and a read of every GET route. Returns the plain secrets it handled and ids.
 */
export async function runTeamSession(
  api: Api,
  options: { adminPassword: string; agentToken: string; platformOrigin: string },
) {
  const secrets: KnownSecret[] = [
    { label: 'admin password', value: options.adminPassword },
    { label: 'configured agent token', value: options.agentToken },
  ];
  const keep = (label: string, value: string) => {
    secrets.push({ label, value });
    return value;
  };
  /** Responses allowed to carry one secret: where it is issued. */
  const issuedIn: { label: string; value: string }[] = [];

  async function signIn(username: string, password: string): Promise<Record<string, string>> {
    const reply = await api.expectOk('POST', '/session', { body: { username, password } });
    const cookie = reply.headers.get('Set-Cookie')!.split(';')[0]!;
    keep(`session token of ${username}`, cookie.slice(cookie.indexOf('=') + 1));
    issuedIn.push({
      label: api.responses.at(-1)!.label,
      value: cookie.slice(cookie.indexOf('=') + 1),
    });
    return { Cookie: cookie };
  }

  const admin = await signIn('admin', options.adminPassword);
  const agent = { Authorization: `Bearer ${options.agentToken}` };

  const viewerPassword = keep('viewer password', secretValue('pw'));
  const reviewerFirst = keep('reviewer first password', secretValue('pw'));
  const viewer = (
    await api.expectOk('POST', '/users', {
      headers: admin,
      body: { username: 'vera-scan', password: viewerPassword, role: 'viewer' },
    })
  ).body;
  const reviewer = (
    await api.expectOk('POST', '/users', {
      headers: admin,
      body: { username: 'rita-scan', password: reviewerFirst, role: 'reviewer' },
    })
  ).body;
  const leaver = (
    await api.expectOk('POST', '/users', {
      headers: admin,
      body: {
        username: 'leo-scan',
        password: keep('leaver password', secretValue('pw')),
        role: 'reviewer',
      },
    })
  ).body;

  await api.call('POST', '/session', {
    body: { username: 'vera-scan', password: keep('mistyped password', secretValue('typo')) },
  });
  await api.call('POST', '/session', {
    body: { username: 'nobody-scan', password: keep('password of no one', secretValue('typo')) },
  });
  await signIn('vera-scan', viewerPassword);
  const reset = keep('reviewer password set by an admin', secretValue('pw'));
  await api.expectOk('PATCH', `/users/${reviewer.id}`, {
    headers: admin,
    body: { password: reset },
  });
  const reviewerSession = await signIn('rita-scan', reset);
  const own = keep('reviewer password chosen by herself', secretValue('pw'));
  await api.expectOk('PUT', '/me/password', {
    headers: reviewerSession,
    body: { currentPassword: reset, newPassword: own },
  });
  await api.call('PUT', '/me/password', {
    headers: reviewerSession,
    body: {
      currentPassword: keep('wrong current password', secretValue('typo')),
      newPassword: secretValue('unused'),
    },
  });
  const rita = await signIn('rita-scan', own);

  const issued = (
    await api.expectOk('POST', '/agent-tokens', { headers: admin, body: { name: 'scan agent' } })
  ).body;
  keep('issued agent token', issued.token);
  issuedIn.push({ label: api.responses.at(-1)!.label, value: issued.token });
  const tokenAgent = { Authorization: `Bearer ${issued.token}` };

  const sourceIds: string[] = [];
  const platform = (kind: string) => `${options.platformOrigin}/${kind}`;
  const hookSecret = keep('dari webhook secret', secretValue('whsec'));
  const crewToken = keep('crewai webhook token', secretValue('crewhook'));
  const sources = [
    {
      kind: 'dari',
      settings: { orgId: 'org_scan', endpointName: 'support' },
      secrets: { apiKey: keep('dari API key', secretValue('dari')), webhookSecret: hookSecret },
    },
    {
      kind: 'm8tes',
      settings: {},
      secrets: {
        apiKey: keep('m8tes API key', secretValue('m8')),
        webhookSecret: keep('m8tes webhook secret', secretValue('whsec')),
      },
    },
    {
      kind: 'anchor',
      settings: {},
      secrets: {
        apiKey: keep('anchor API key', secretValue('anc')),
        webhookSecret: keep('anchor webhook secret', secretValue('whsec')),
      },
    },
    {
      kind: 'browser-use',
      settings: {},
      secrets: {
        apiKey: keep('browser use API key', secretValue('bu')),
        webhookSecret: keep('browser use webhook secret', secretValue('whsec')),
      },
    },
    {
      kind: 'crewai',
      settings: {},
      secrets: { apiToken: keep('crewai API token', secretValue('crew')), webhookToken: crewToken },
    },
  ];
  for (const source of sources) {
    const created = await api.expectOk('POST', '/sources', {
      headers: admin,
      body: { ...source, name: `Scan ${source.kind}`, baseUrl: platform(source.kind) },
    });
    sourceIds.push(created.body.id);
    await api.call('POST', `/sources/${created.body.id}/test`, { headers: admin });
    await api.call('POST', `/sources/${created.body.id}/poll`, { headers: admin });
  }
  const [dariId, , , , crewId] = sourceIds;
  await api.expectOk('PATCH', `/sources/${sourceIds[1]}`, {
    headers: admin,
    body: { secrets: { apiKey: keep('rotated m8tes API key', secretValue('m8')) } },
  });
  await api.call('POST', '/sources', {
    headers: admin,
    body: {
      kind: 'dari',
      name: 'Broken',
      settings: {},
      secrets: { apiKey: keep('API key of a refused source', secretValue('dari')) },
    },
  });

  const question = JSON.stringify({
    event_type: 'question',
    status: 'waiting_for_input',
    job_id: 'job_scan',
    question: {
      batch_id: 'batch_scan',
      questions: [{ question_id: 'q1', question: 'Which plan?', options: ['Basic', 'Pro'] }],
    },
  });
  const signature = createHmac('sha256', hookSecret).update(question).digest('hex');
  await api.call('POST', `/hooks/${dariId}`, {
    rawBody: question,
    headers: { 'Content-Type': 'application/json', 'X-Webhook-Signature': signature },
  });
  await api.call('POST', `/hooks/${dariId}`, {
    rawBody: question,
    headers: { 'Content-Type': 'application/json', 'X-Webhook-Signature': 'f'.repeat(64) },
  });
  await api.call('POST', `/hooks/${crewId}`, {
    body: { execution_id: 'exec_scan', task_id: 'task_scan', output: 'Draft' },
    headers: { Authorization: `Bearer ${crewToken}` },
  });
  await api.call('POST', `/hooks/${crewId}`, {
    body: { execution_id: 'exec_scan' },
    headers: { Authorization: `Bearer ${keep('forged crewai token', secretValue('forged'))}` },
  });

  const run = (
    await api.expectOk('POST', '/runs', {
      headers: tokenAgent,
      body: { title: 'Refund order 1042', customer: 'cust_scan', metadata: { order: 1042 } },
    })
  ).body;
  const kinds = [
    { kind: 'tool', tool: 'refund_order', input: { orderId: 1042 }, reason: 'Damaged' },
    { kind: 'plan', plan: '# Plan\n\n- refund' },
    {
      kind: 'questions',
      questions: [{ id: 'q1', text: 'Full or partial?', options: ['Full', 'Partial'] }],
    },
    { kind: 'message', message: 'Need the code', fields: [{ name: 'code', label: 'Code' }] },
  ];
  const requestIds: string[] = [];
  for (const request of kinds) {
    requestIds.push(
      (
        await api.expectOk('POST', `/runs/${run.id}/requests`, {
          headers: tokenAgent,
          body: request,
        })
      ).body.id,
    );
  }
  await api.expectOk('POST', `/runs/${run.id}/events`, {
    headers: agent,
    body: { type: 'step', message: 'Looked up the order' },
  });
  await api.expectOk('POST', `/requests/${requestIds[0]}/response`, {
    headers: { ...rita, 'Idempotency-Key': 'scan-1' },
    body: { decision: 'approve', note: 'ok' },
  });
  await api.expectOk('POST', `/requests/${requestIds[1]}/response`, {
    headers: admin,
    body: { decision: 'revise', feedback: 'Add a step' },
  });
  await api.call('POST', `/requests/${requestIds[0]}/response`, {
    headers: admin,
    body: { decision: 'deny' },
  });
  await api.call('GET', `/requests/${requestIds[0]}?wait=0`, { headers: tokenAgent });
  const rule = (
    await api.expectOk('POST', '/rules', {
      headers: admin,
      body: { customer: null, tool: 'send_email' },
    })
  ).body;
  const platformRuns = (await api.expectOk('GET', `/runs?source=${dariId}`, { headers: admin }))
    .body.items;
  for (const platformRun of platformRuns) {
    const detail = (await api.expectOk('GET', `/runs/${platformRun.id}`, { headers: admin })).body;
    for (const request of detail.requests) {
      await api.call('POST', `/requests/${request.id}/response`, {
        headers: rita,
        body: { answers: [{ questionId: 'q1', value: 'Pro' }] },
      });
    }
  }
  await api.call('GET', '/stream', { headers: { ...admin, 'Last-Event-ID': '0' }, streamMs: 1500 });

  const ids: Record<string, string> = {
    id: run.id,
    sourceId: dariId!,
  };
  const byResource: Record<string, string> = {
    runs: run.id,
    requests: requestIds[2]!,
    rules: rule.id,
    sources: dariId!,
    users: viewer.id,
    'agent-tokens': issued.id,
  };
  for (const route of routeTable().filter((r) => r.method === 'GET')) {
    const resource = route.path.split('/')[3] ?? '';
    const path = route.path
      .slice('/api/v1'.length)
      .replace(/:[A-Za-z]+/g, (param) => byResource[resource] ?? ids[param.slice(1)] ?? 'x');
    if (path === '/stream') continue;
    for (const headers of [admin, rita, agent]) await api.call('GET', path, { headers });
  }

  await api.expectOk('POST', `/runs/${run.id}/stop`, { headers: rita });
  await api.expectOk('DELETE', `/rules/${rule.id}`, { headers: admin });
  await api.expectOk('DELETE', `/users/${leaver.id}`, { headers: admin });
  await api.expectOk('DELETE', `/agent-tokens/${issued.id}`, { headers: admin });
  await api.call('GET', `/runs/${run.id}`, { headers: tokenAgent });
  await api.expectOk('DELETE', '/me/sessions', { headers: rita });
  await api.call('GET', '/me', { headers: rita });

  return {
    secrets,
    issuedIn,
    runId: run.id,
    platformRunIds: platformRuns.map((r: { id: string }) => r.id),
  };
}
