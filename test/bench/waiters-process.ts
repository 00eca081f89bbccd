import { Agent, request } from 'node:http';

/**
 * Thousands of agents long-polling `GET /requests/:id?wait=60` at once, in a process of their own so
 * the timing of each reply is read on an event loop the bench does not share. A poll that comes back
 * still pending (its wait ran out) is sent again at once, as an agent would. Driven over IPC by
 * waiting-agents.ts; each answered request is reported with the moment its reply arrived.
 */
type Message =
  | { type: 'now'; id: number }
  | { type: 'open'; id: number; url: string; token: string; requestIds: string[] }
  | { type: 'close' };

const now = () => performance.timeOrigin + performance.now();
const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
let closing = false;
let failures = 0;

function poll(url: string, token: string, requestId: string, sent: () => void): void {
  const req = request(
    `${url}/api/v1/requests/${requestId}?wait=60`,
    { agent, headers: { Authorization: `Bearer ${token}` } },
    (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const at = now();
        let status = `HTTP ${res.statusCode}`;
        try {
          status = (JSON.parse(Buffer.concat(chunks).toString()) as { status: string }).status;
        } catch {
          // Reported below with its HTTP status.
        }
        if (status === 'pending' && !closing) poll(url, token, requestId, () => {});
        else if (!closing) process.send?.({ type: 'answered', requestId, status, at });
      });
    },
  );
  req.on('error', (error) => {
    failures += 1;
    if (!closing) process.send?.({ type: 'failed', requestId, error: error.message });
  });
  req.end(sent);
}

process.on('message', (message: Message) => {
  if (message.type === 'now') {
    process.send?.({ type: 'reply', id: message.id, at: now() });
  } else if (message.type === 'open') {
    const started = now();
    let written = 0;
    for (const requestId of message.requestIds) {
      poll(message.url, message.token, requestId, () => {
        written += 1;
        if (written === message.requestIds.length) {
          process.send?.({ type: 'reply', id: message.id, at: now(), ms: now() - started });
        }
      });
    }
  } else {
    closing = true;
    agent.destroy();
    process.send?.({ type: 'closed', failures });
    process.disconnect();
  }
});
process.once('disconnect', () => process.exit(0));
process.send?.({ type: 'reply', id: 0, at: now() });
