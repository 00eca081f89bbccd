/**
 * A stand-in agent in its own process, so its long polls are timed on an otherwise idle event loop (as a
 * real agent's would be), not on the one driving the browser. Driven over IPC by agent-remote.ts.
 */
type Message =
  | { type: 'now'; id: number }
  | { type: 'wait'; id: number; url: string; token: string; requestId: string };

const now = () => performance.timeOrigin + performance.now();

process.on('message', (message: Message) => {
  if (message.type === 'now') {
    process.send?.({ id: message.id, at: now() });
    return;
  }
  const { id, url, token, requestId } = message;
  fetch(`${url}/api/v1/requests/${requestId}?wait=30`, {
    headers: { Authorization: `Bearer ${token}` },
  })
    .then(async (res) => {
      const body = (await res.json()) as { status?: string };
      process.send?.({ id, at: now(), status: body.status ?? `HTTP ${res.status}` });
    })
    .catch((error: unknown) => process.send?.({ id, at: now(), status: String(error) }));
});
process.once('disconnect', () => process.exit(0));
process.send?.({ id: 0, at: now() });
