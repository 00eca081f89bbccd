import { createServer, type IncomingHttpHeaders } from 'node:http';

export type FakePlatform = {
  origin: string;
  /** What Countersign sent: the platforms are where the secrets are meant to go. */
  received: { method: string; url: string; headers: IncomingHttpHeaders }[];
  close(): Promise<void>;
};

/** Every platform at once, busy: each call gets a 503 that names nothing it was sent. */
export async function startFakePlatform(): Promise<FakePlatform> {
  const received: FakePlatform['received'] = [];
  const server = createServer((req, res) => {
    received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    req.resume();
    res.writeHead(503, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ message: 'The platform is busy; try again later' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return {
    origin: `http://127.0.0.1:${address.port}`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
