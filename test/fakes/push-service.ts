import { createECDH, createPublicKey, randomBytes, verify, type ECDH } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decrypt } from 'http_ece';

/** A browser's side of a subscription: the keys it gives the server, and the private key to read pushes. */
export type PushDevice = {
  endpoint: string;
  keys: { p256dh: string; auth: string };
  ecdh: ECDH;
};

export type ReceivedPush = {
  device: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
  at: number;
};

export type PushReply = { status: number; headers?: Record<string, string> };

/**
 * A push service (RFC 8030) on 127.0.0.1 over real HTTP: each device gets an endpoint
 * `/push/<device>`; every push is recorded with its headers and encrypted body, and answered 201 unless
 * `answer` says otherwise (404/410 for a gone subscription, 429 with Retry-After, ...).
 */
export async function startPushService() {
  const received: ReceivedPush[] = [];
  const waiters: (() => void)[] = [];
  let answer: (push: ReceivedPush) => PushReply = () => ({ status: 201 });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const match = /^\/push\/([A-Za-z0-9_-]+)$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !match) {
      res.writeHead(404).end();
      return;
    }
    const push = {
      device: match[1]!,
      headers: req.headers,
      body: Buffer.concat(chunks),
      at: Date.now(),
    };
    received.push(push);
    const reply = answer(push);
    res.writeHead(reply.status, reply.headers).end();
    for (const wake of waiters.splice(0)) wake();
  }

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    received,
    answerWith(fn: (push: ReceivedPush) => PushReply) {
      answer = fn;
    },
    /** A new device: its own endpoint on this service and fresh keys, as PushManager.subscribe makes. */
    device(name = randomBytes(6).toString('hex')): PushDevice {
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      return {
        endpoint: `${url}/push/${name}`,
        keys: {
          p256dh: ecdh.getPublicKey().toString('base64url'),
          auth: randomBytes(16).toString('base64url'),
        },
        ecdh,
      };
    },
    /** Resolves once `count` pushes have arrived (or rejects after `timeoutMs`). */
    async waitFor(count: number, timeoutMs = 5000): Promise<ReceivedPush[]> {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`expected ${count} pushes, got ${received.length}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return received.slice(0, count);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type PushService = Awaited<ReturnType<typeof startPushService>>;

/** The plaintext of a push, decrypted (aes128gcm, RFC 8291) with the device's private key and secret. */
export function decryptPush(device: PushDevice, push: ReceivedPush): string {
  if (push.headers['content-encoding'] !== 'aes128gcm') {
    throw new Error(`unexpected Content-Encoding ${String(push.headers['content-encoding'])}`);
  }
  return decrypt(push.body, {
    version: 'aes128gcm',
    privateKey: device.ecdh,
    authSecret: device.keys.auth,
  }).toString('utf8');
}

/**
 * The VAPID claims (RFC 8292) of a push's `Authorization: vapid t=<JWT>, k=<key>`, after checking the
 * ES256 signature with `k`; throws when the header is missing or the signature does not hold.
 */
export function vapidClaims(push: ReceivedPush): {
  key: string;
  claims: { aud: string; exp: number; sub: string };
} {
  const header = push.headers.authorization ?? '';
  const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(header);
  if (!match) throw new Error(`not a VAPID Authorization header: ${header}`);
  const [jwt, key] = [match[1]!, match[2]!];
  const [head, payload, signature] = jwt.split('.');
  const raw = Buffer.from(key, 'base64url');
  const publicKey = createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: raw.subarray(1, 33).toString('base64url'),
      y: raw.subarray(33, 65).toString('base64url'),
    },
    format: 'jwk',
  });
  const valid = verify(
    'sha256',
    Buffer.from(`${head}.${payload}`),
    { key: publicKey, dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature ?? '', 'base64url'),
  );
  if (!valid) throw new Error('the VAPID signature does not verify');
  return { key, claims: JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) };
}
