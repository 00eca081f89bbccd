import { createServer, type Server } from 'node:http';
import type { Page } from '@playwright/test';
import { agentToken, e2eUsers } from './e2e-server';
import { expect, signIn, test } from './fixtures';
import { foreignOrigin, xssPayloads, type XssPayload } from './xss-payloads';
import { findDangerousMarkup } from './xss-scan';

type Findings = {
  hits: string[];
  dialogs: string[];
  foreign: string[];
  csp: string[];
  markup: string[];
};

const kinds = ['questions', 'tool', 'plan', 'review', 'message', 'takeover'] as const;

/** Every agent-supplied field of every request kind, holding one payload (cut to each field's limit). */
function requestsCarrying(text: string) {
  const cut = (max: number) => text.slice(0, max);
  return [
    {
      kind: 'questions',
      questions: [
        { id: cut(100), text, options: [cut(500), 'Plain option'] },
        { id: 'other', text: `Other: ${text}`, allowOther: true },
      ],
    },
    {
      kind: 'tool',
      tool: cut(200),
      input: { [cut(200)]: text, nested: { list: [text, { [text]: text }] } },
      reason: text,
    },
    { kind: 'plan', plan: text },
    { kind: 'review', output: text, title: cut(500) },
    {
      kind: 'message',
      message: text,
      fields: [
        { name: cut(100), label: cut(200), placeholder: cut(200), defaultValue: text },
        { name: 'note', label: `Note ${cut(150)}`, required: true },
      ],
    },
    { kind: 'takeover', instructions: text },
  ];
}

async function agentCall(baseUrl: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${agentToken}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<{ id: string }>;
}

/** A page on another local port standing in for a remote browser's live view. */
async function startLiveView(): Promise<{ origin: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end('<!doctype html><title>Live view</title><p>Remote browser</p>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return { origin: `http://127.0.0.1:${address.port}`, server };
}

/** Hooks the page so that anything a payload manages to do is written down. */
async function watchPage(
  page: Page,
  allowedOrigins: readonly string[],
  liveOrigin: string,
): Promise<Findings> {
  const findings: Findings = { hits: [], dialogs: [], foreign: [], csp: [], markup: [] };
  await page.exposeFunction('__xssReport', (id: string) => findings.hits.push(`payload ${id} ran`));
  await page.exposeFunction('__cspReport', (text: string) => {
    // A finished run keeps its live view link, but the policy frames only open runs' live views.
    if (/^(frame|child)-src blocked /.test(text) && text.includes(` blocked ${liveOrigin}`)) return;
    findings.csp.push(text);
  });
  await page.addInitScript(() => {
    const report = (id: unknown) => {
      (window as unknown as { __xssReport?: (id: string) => void }).__xssReport?.(String(id));
    };
    Object.assign(window, { __xss: report, alert: report, confirm: report, prompt: report });
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { __cspReport?: (text: string) => void }).__cspReport?.(
        `${event.violatedDirective} blocked ${event.blockedURI || 'inline'} in ${event.sourceFile}:${event.lineNumber}`,
      );
    });
  });
  page.on('dialog', (dialog) => {
    findings.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('request', (request) => {
    const url = request.url();
    if (url.startsWith('data:') || url.startsWith('blob:') || url === 'about:blank') return;
    if (!allowedOrigins.includes(new URL(url).origin)) findings.foreign.push(url);
  });
  return findings;
}

/** Navigates inside the app as a link would, without loading the whole app again for every run. */
async function openInApp(page: Page, path: string) {
  await page.evaluate((url) => {
    history.pushState(history.state, '', url);
    dispatchEvent(new PopStateEvent('popstate', { state: history.state }));
  }, path);
}

async function settle(page: Page) {
  // Error events, autofocus and SVG animations fire a moment after the markup lands.
  await page.waitForTimeout(50);
}

test('no agent-supplied payload runs, fires a handler or loads anything in the inbox, history or run pages', async ({
  page,
  server,
}) => {
  test.setTimeout(300_000);
  const live = await startLiveView();
  const marker = `xss${Date.now().toString(36)}`;
  const findings = await watchPage(page, [server.url, live.origin], live.origin);
  let pagesChecked = 0;
  const checkpoint = async (where: string) => {
    pagesChecked += 1;
    await settle(page);
    findings.markup.push(
      ...(await findDangerousMarkup(page, live.origin)).map((m) => `${where}: ${m}`),
    );
    expect(findings, `after ${where}`).toEqual({
      hits: [],
      dialogs: [],
      foreign: [],
      csp: [],
      markup: [],
    });
  };

  const runs: { payload: XssPayload; runId: string; title: string }[] = [];
  for (const payload of xssPayloads) {
    const text = payload.text;
    const title = `${marker} ${text}`.slice(0, 500);
    const run = await agentCall(server.url, 'POST', '/runs', {
      title,
      customer: text.slice(0, 200),
      externalId: text.slice(0, 200),
      liveUrl: `${live.origin}/live?view=${encodeURIComponent(text)}`,
      metadata: { [text]: text, nested: { [text]: [text] } },
    });
    for (const request of requestsCarrying(text)) {
      await agentCall(server.url, 'POST', `/runs/${run.id}/requests`, request);
    }
    await agentCall(server.url, 'POST', `/runs/${run.id}/events`, {
      type: text.slice(0, 100),
      message: text,
      data: { [text]: text, list: [text] },
    });
    runs.push({ payload, runId: run.id, title: title.trim() });
  }

  await signIn(page, 'admin');
  await proveTheWatchersWork(page, findings, live.origin);
  await page.setViewportSize({ width: 1280, height: 64 * (runs.length + 20) });
  await page.goto(`/?q=${marker}`);
  await expect(page.getByRole('link').filter({ hasText: marker })).toHaveCount(runs.length);
  await checkpoint('the inbox');

  await page.setViewportSize({ width: 1280, height: 2400 });
  for (const { payload, runId, title } of runs) {
    await openInApp(page, `/runs/${runId}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
    await expect(page.getByRole('button', { name: 'Approve plan' })).toBeVisible();
    await checkpoint(`the waiting run of payload ${payload.id}`);
  }

  // Answered and cancelled requests take other paths through the page; remembered tools become rules.
  const admin = await signInByApi(server.url);
  for (const { runId } of runs) {
    const detail = await (
      await fetch(`${server.url}/api/v1/runs/${runId}`, { headers: admin })
    ).json();
    const tool = detail.requests.find((r: { kind: string }) => r.kind === 'tool');
    const answer = await fetch(`${server.url}/api/v1/requests/${tool.id}/response`, {
      method: 'POST',
      headers: { ...admin, 'Content-Type': 'application/json' },
      body: JSON.stringify({ decision: 'approve', remember: true }),
    });
    expect(answer.status).toBe(200);
    await agentCall(server.url, 'PATCH', `/runs/${runId}`, { status: 'completed' });
  }

  await page.setViewportSize({ width: 1280, height: 64 * (runs.length + 20) });
  await page.goto(`/history?q=${marker}`);
  const historyRows = page.getByRole('link').filter({ hasText: marker });
  await expect(historyRows.first()).toBeVisible();
  const loadMore = page.getByRole('button', { name: 'Load more' });
  while ((await historyRows.count()) < runs.length) {
    const shown = await historyRows.count();
    await loadMore.click();
    await expect(historyRows).not.toHaveCount(shown);
  }
  await expect(historyRows).toHaveCount(runs.length);
  await checkpoint('the history');
  await page.goto('/rules');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await checkpoint('the rules');
  // Rules and answers made from agent-named tools and customers land in the audit log.
  await page.goto('/audit');
  await expect(page.getByText(/pre-approved/).first()).toBeVisible();
  await checkpoint('the audit log');

  await page.setViewportSize({ width: 1280, height: 2400 });
  for (const { payload, runId, title } of runs) {
    await openInApp(page, `/runs/${runId}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
    await expect(page.getByRole('heading', { name: 'Earlier requests' })).toBeVisible();
    await checkpoint(`the finished run of payload ${payload.id}`);
  }

  // Payloads that arrive in the address bar instead of from an agent.
  for (const payload of xssPayloads.filter((p) => p.id % 5 === 0)) {
    const search = encodeURIComponent(payload.text);
    await page.goto(`/?q=${search}`);
    await checkpoint(`the inbox searching for payload ${payload.id}`);
    await page.goto(`/runs/${search}`);
    await checkpoint(`a run page for id payload ${payload.id}`);
  }
  await page.goto(`/sign-in?redirectTo=${encodeURIComponent('javascript:__xss("redirect")')}`);
  await checkpoint('a sign-in redirect to a javascript: URL');

  console.log(
    `xss: ${xssPayloads.length} payloads × ${kinds.length} request kinds (+ run title, customer, externalId, metadata, timeline) in ${runs.length} runs; ${pagesChecked} pages checked; live view origin ${live.origin}; foreign origin ${foreignOrigin}`,
  );
  await new Promise<void>((resolve) => live.server.close(() => resolve()));
});

/** Does on purpose what the payloads must not manage, so a silent watcher cannot pass the test. */
async function proveTheWatchersWork(page: Page, findings: Findings, liveOrigin: string) {
  await page.evaluate((origin) => {
    (window as unknown as { __xss: (id: string) => void }).__xss('control');
    const img = document.createElement('img');
    img.setAttribute('onerror', '__xss("control")');
    img.src = `${origin}/control.png`;
    document.body.append(img);
    const script = document.createElement('script');
    script.textContent = '__xss("inline")';
    document.body.append(script);
  }, foreignOrigin);
  await expect.poll(() => findings.hits).toContain('payload control ran');
  await expect.poll(() => findings.foreign).toContain(`${foreignOrigin}/control.png`);
  await expect.poll(() => findings.csp.length).toBeGreaterThan(0);
  expect(await findDangerousMarkup(page, liveOrigin)).toEqual(
    expect.arrayContaining([expect.stringContaining('handler attribute onerror')]),
  );
  await page.reload();
  for (const list of Object.values(findings)) list.length = 0;
}

async function signInByApi(baseUrl: string): Promise<Record<string, string>> {
  const { username, password } = e2eUsers.admin;
  const res = await fetch(`${baseUrl}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  return { Cookie: res.headers.get('Set-Cookie')!.split(';')[0]! };
}
