import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventBus } from '../events/bus';
import { createLogger } from '../lib/logger';
import { ephemeralSecretBox } from '../lib/secret-box';
import { openTestDatabase, type TestDatabase } from '../testing/test-database';
import type { Connector, ConnectorKind } from '../connectors/connector';
import { m8tesConnector } from '../connectors/m8tes/connector';
import { startPoller } from './poller';

const intervalMs = 60_000;

describe('startPoller', () => {
  let database: TestDatabase;
  let polls: number;
  let nowMs: number;
  beforeEach(async () => {
    database = await openTestDatabase();
    polls = 0;
    nowMs = Date.parse('2026-11-21T12:00:00.000Z');
    await database.db
      .insertInto('sources')
      .values({
        id: 'src_polled',
        kind: 'm8tes',
        name: 'Polled',
        created_at: '2026-11-21T11:00:00.000Z',
        base_url: null,
        secrets: null,
        updated_at: null,
        deleted_at: null,
        last_ok_at: null,
        last_error: null,
        last_error_at: null,
        last_polled_at: null,
      })
      .execute();
  });
  afterEach(() => database.close());

  /** A poller as one server process runs it; the platform only counts the polls it receives. */
  function processPoller() {
    const counting: Connector = {
      ...(m8tesConnector as Connector),
      async poll() {
        polls += 1;
        await new Promise((resolve) => setTimeout(resolve, 20));
        return { events: [] };
      },
    };
    const deps = {
      db: database.db,
      bus: new EventBus(),
      now: () => new Date(nowMs),
      logger: createLogger('error'),
      runtime: {
        registry: new Map<ConnectorKind, Connector>([['m8tes', counting]]),
        http: fetch,
        secrets: ephemeralSecretBox(),
        kickDelivery: () => undefined,
      },
    };
    return startPoller(deps, intervalMs);
  }

  it('polls a source once per interval however many processes poll the same database', async () => {
    const pollers = [processPoller(), processPoller(), processPoller()];
    await Promise.all(pollers.map((p) => p.pollAll()));
    expect(polls).toBe(1);

    nowMs += intervalMs / 2;
    await Promise.all(pollers.map((p) => p.pollAll()));
    expect(polls).toBe(1);

    nowMs += intervalMs;
    await Promise.all(pollers.map((p) => p.pollAll()));
    expect(polls).toBe(2);
    await Promise.all(pollers.map((p) => p.stop()));
  });
});
