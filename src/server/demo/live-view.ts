import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { liveViewPage, type LiveSessionState } from './live-view-page';

export type LiveSession = {
  url: string;
  setController(controller: 'agent' | 'human'): void;
  setStep(step: string): void;
  /** Marks the session ended; its page stays reachable and says so. */
  close(): void;
};

export type LiveView = {
  url: string;
  open(title: string): LiveSession;
  close(): Promise<void>;
};

const maxSessions = 200;

/**
 * A stand-in for a remote browser's live view, served on its own port so the app embeds it from
 * another origin, as it would a real one.
 */
export async function startLiveView(options: {
  port: number;
  host?: string;
  /** Other pages on this port (the Slack stand-in); returns false for paths it does not serve. */
  extra?: (req: IncomingMessage, res: ServerResponse) => boolean;
}): Promise<LiveView> {
  const host = options.host ?? '127.0.0.1';
  const sessions = new Map<string, LiveSessionState>();

  const server = createServer((req, res) => {
    if (options.extra?.(req, res)) return;
    const url = new URL(req.url ?? '/', 'http://live');
    const match = /^\/s\/([a-z0-9]+)(\/state)?$/.exec(url.pathname);
    const state = match?.[1] ? sessions.get(match[1]) : undefined;
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    if (match?.[2]) {
      // The app's iframe is sandboxed (an opaque origin), so the page's polling is cross-origin.
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.writeHead(state ? 200 : 404, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(state ?? { ended: true }));
      return;
    }
    res.writeHead(state ? 200 : 404, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(liveViewPage(state ?? null));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://${host}:${port}`;

  return {
    url: origin,
    open(title) {
      const id = randomBytes(8).toString('hex');
      const state: LiveSessionState = {
        title,
        controller: 'agent',
        step: 'Starting the browser',
        ended: false,
      };
      sessions.set(id, state);
      if (sessions.size > maxSessions) {
        const oldest = sessions.keys().next().value;
        if (oldest !== undefined) sessions.delete(oldest);
      }
      return {
        url: `${origin}/s/${id}`,
        setController: (controller) => void (state.controller = controller),
        setStep: (step) => void (state.step = step),
        close: () => void Object.assign(state, { ended: true, controller: 'agent' }),
      };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
