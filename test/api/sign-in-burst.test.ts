import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../src/server/demo/admin-session';
import { startServer, type RunningServer } from '../../src/server/start';
import {
  createServerTestDatabase,
  dropServerTestDatabase,
} from '../../src/server/testing/test-database';

const adminPassword = 'burst-test-password';
const userPassword = 'burst-user-password';
const burst = 40;

type Answer = { status: number; body: string; setCookie: string[] | undefined };

// Up to 60 password hashes per test on two shared cores: give them room.
describe(
  'a burst of concurrent password guesses against two servers sharing one database',
  { timeout: 30_000 },
  () => {
    let dataDir: string;
    let databaseUrl: string | undefined;
    let server: RunningServer;
    /** A second server on the same database, as a second process would be: every other try goes here. */
    let other: RunningServer;
    let userCookie: string;

    /**
     * One HTTP call from a chosen loopback address (all of 127/8 is local), so each burst starts with
     * its own per-address count and only the per-username limit is under test.
     */
    function send(
      to: RunningServer,
      from: string,
      method: string,
      path: string,
      body: unknown,
      cookie?: string,
    ): Promise<Answer> {
      const { hostname, port } = new URL(to.url);
      return new Promise((resolve, reject) => {
        const req = request(
          {
            host: hostname,
            port,
            localAddress: from,
            method,
            path: `/api/v1${path}`,
            headers: { 'Content-Type': 'application/json', ...(cookie ? { Cookie: cookie } : {}) },
          },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => (text += chunk));
            res.on('end', () =>
              resolve({
                status: res.statusCode ?? 0,
                body: text,
                setCookie: res.headers['set-cookie'],
              }),
            );
          },
        );
        req.on('error', reject);
        req.end(JSON.stringify(body));
      });
    }

    beforeAll(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'countersign-burst-'));
      databaseUrl = await createServerTestDatabase();
      const options = {
        port: 0,
        dataDir,
        databaseUrl,
        adminPassword,
        agentToken: 'cs_burst_test_token',
        quiet: true,
      };
      server = await startServer(options);
      other = await startServer(options);
      const admin = await signIn(server.url, 'admin', adminPassword);
      await admin.json('POST', '/users', {
        username: 'guessed',
        password: userPassword,
        role: 'viewer',
      });
      const signedIn = await send(server, '127.0.0.1', 'POST', '/session', {
        username: 'guessed',
        password: userPassword,
      });
      userCookie = signedIn.setCookie![0]!.split(';')[0]!;
    });

    afterAll(async () => {
      await other?.close();
      await server?.close();
      await dropServerTestDatabase(databaseUrl);
      await rm(dataDir, { recursive: true, force: true });
    });

    /** Every request is sent before any answer is awaited, so all of them are in flight together. */
    async function together(calls: (() => Promise<Answer>)[]) {
      const answers = await Promise.all(calls.map((call) => call()));
      return {
        answers,
        count: (status: number) => answers.filter((a) => a.status === status).length,
        statuses: answers.map((a) => a.status).join(' '),
      };
    }

    it('checks at most 10 passwords for one username; the right one sent last is refused', async () => {
      const attempt = (to: RunningServer, password: string) => () =>
        send(to, '127.0.0.2', 'POST', '/session', { username: 'admin', password });
      const guesses = Array.from({ length: burst }, (_, i) =>
        attempt(i % 2 ? other : server, `guess-${i}`),
      );
      const { answers, count, statuses } = await together([
        ...guesses,
        attempt(other, adminPassword),
      ]);

      expect(count(401) + count(429), statuses).toBe(burst + 1);
      expect(count(401), statuses).toBeLessThanOrEqual(10);
      const right = answers.at(-1)!;
      expect(right.status).toBe(429);
      expect(right.setCookie).toBeUndefined();
      expect(JSON.parse(right.body).error.code).toBe('rate_limited');
    });

    it('checks at most 10 current passwords in a burst of password changes', async () => {
      const change = (to: RunningServer, currentPassword: string) => () =>
        send(
          to,
          '127.0.0.3',
          'PUT',
          '/me/password',
          { currentPassword, newPassword: 'a-new-password' },
          userCookie,
        );
      const guesses = Array.from({ length: burst }, (_, i) =>
        change(i % 2 ? other : server, `guess-${i}`),
      );
      const { answers, count, statuses } = await together([
        ...guesses,
        change(other, userPassword),
      ]);

      expect(count(422) + count(429), statuses).toBe(burst + 1);
      expect(count(422), statuses).toBeLessThanOrEqual(10);
      expect(answers.at(-1)!.status).toBe(429);
      // The password did not change.
      await expect(signIn(server.url, 'guessed', 'a-new-password')).rejects.toThrow(/401|429/);
    });

    it('checks at most 30 passwords from one address, across usernames', async () => {
      const guesses = Array.from(
        { length: 60 },
        (_, i) => () =>
          send(i % 2 ? other : server, '127.0.0.4', 'POST', '/session', {
            username: `someone${i}`,
            password: 'guess',
          }),
      );
      const { count, statuses } = await together(guesses);

      expect(count(401) + count(429), statuses).toBe(60);
      expect(count(401), statuses).toBeLessThanOrEqual(30);
    });
  },
);
