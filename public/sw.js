// Countersign's service worker: it shows Web Push notifications and answers their quick actions.
// It has no fetch handler and caches nothing, so the app's own HTTP caching of built assets stays
// the only caching. Push text comes from agents: it is shown as text only, cut short.

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

function text(value, fallback, max) {
  const shown = typeof value === 'string' && value.length > 0 ? value : fallback;
  return shown.length > max ? `${shown.slice(0, max - 1)}…` : shown;
}

// Only a path of this app: a push cannot send the click to another site.
function appPath(value) {
  return typeof value === 'string' && /^\/(?!\/)/.test(value) ? value : '/';
}

const actionTitles = { approve: 'Approve', deny: 'Deny' };

self.addEventListener('push', (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = {};
  }
  const requestId = typeof data.requestId === 'string' ? data.requestId : null;
  const actions = Array.isArray(data.actions)
    ? data.actions
        .map((a) => a && a.action)
        .filter((action) => action === 'approve' || action === 'deny')
        .map((action) => ({ action, title: actionTitles[action] }))
    : [];
  event.waitUntil(
    self.registration.showNotification(text(data.title, 'Countersign', 120), {
      body: text(data.body, 'A request waits for you', 400),
      tag: requestId ? `request:${requestId}` : undefined,
      icon: '/icons/icon-192.png',
      data: { url: appPath(data.url), requestId },
      actions,
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  const notification = event.notification;
  const { url, requestId } = notification.data || {};
  notification.close();
  if ((event.action === 'approve' || event.action === 'deny') && requestId) {
    event.waitUntil(answer(requestId, event.action, appPath(url)));
  } else {
    event.waitUntil(openRun(appPath(url)));
  }
});

async function openRun(path) {
  const target = new URL(path, self.location.origin).href;
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  for (const client of windows) {
    if (new URL(client.url).origin !== self.location.origin) continue;
    try {
      const shown = client.url === target ? client : await client.navigate(target);
      if (shown) return shown.focus();
    } catch {
      // A page this worker does not control cannot be navigated: open a new one instead.
    }
  }
  return self.clients.openWindow(target);
}

// The normal answer API, with the session cookie; the browser adds Origin, which the server's
// cross-site check requires. The idempotency key makes a second click replay the first answer.
async function answer(requestId, decision, path) {
  let response;
  try {
    response = await fetch(`/api/v1/requests/${encodeURIComponent(requestId)}/response`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'Content-Type': 'application/json',
        'Idempotency-Key': `push:${requestId}:${decision}`,
      },
      body: JSON.stringify({ decision }),
    });
  } catch {
    return notify(
      'Not answered',
      'Countersign could not be reached. Open it to answer.',
      requestId,
      path,
    );
  }
  if (response.ok) return undefined;
  let message = 'Open Countersign to answer.';
  try {
    const body = await response.json();
    if (body && body.error && typeof body.error.message === 'string') message = body.error.message;
  } catch {
    // keep the general message
  }
  if (response.status === 401) message = 'Sign in to Countersign to answer.';
  const title = response.status === 409 ? 'Already answered' : 'Not answered';
  return notify(title, message, requestId, path);
}

function notify(title, body, requestId, path) {
  return self.registration.showNotification(title, {
    body: text(body, '', 400),
    tag: `request:${requestId}`,
    icon: '/icons/icon-192.png',
    data: { url: path, requestId: null },
  });
}
