import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isPostgres } from '../db/database';
import { createLogger } from '../lib/logger';
import { createTestApp, type CallResult, type TestApp } from '../testing/test-app';

// Each change below writes its audit entry last. A trigger makes that insert fail, so the transaction
// fails midway; the change before it must not be stored either.

let t: TestApp;
let admin: string;
beforeEach(async () => {
  // The failed audit insert is logged as an unhandled error; the tests read the response instead.
  t = await createTestApp({ logger: createLogger('silent') });
  admin = await t.asAdmin();
});
afterEach(() => t.close());

/** Makes every insert into audit_log fail until the returned function is called. */
async function auditDown(): Promise<() => Promise<void>> {
  if (isPostgres(t.db)) {
    await sql
      .raw(
        `CREATE FUNCTION audit_down() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN RAISE EXCEPTION 'audit down'; END $$`,
      )
      .execute(t.db);
    await sql
      .raw(
        `CREATE TRIGGER audit_down BEFORE INSERT ON audit_log
         FOR EACH ROW EXECUTE FUNCTION audit_down()`,
      )
      .execute(t.db);
    return async () => {
      await sql.raw('DROP TRIGGER audit_down ON audit_log').execute(t.db);
      await sql.raw('DROP FUNCTION audit_down()').execute(t.db);
    };
  }
  await sql
    .raw(
      `CREATE TRIGGER audit_down BEFORE INSERT ON audit_log
       BEGIN SELECT RAISE(ABORT, 'audit down'); END`,
    )
    .execute(t.db);
  return async () => {
    await sql.raw('DROP TRIGGER audit_down').execute(t.db);
  };
}

/** Calls the API while the audit log refuses writes, and expects the call to fail as a whole. */
async function withAuditDown(call: () => Promise<CallResult>): Promise<void> {
  const restore = await auditDown();
  let res: CallResult;
  try {
    res = await call();
  } finally {
    await restore();
  }
  expect(res.status).toBe(500);
  expect(res.body.error.code).toBe('internal');
}

const auditCount = async () =>
  Number(
    (
      await t.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll().as('count'))
        .executeTakeFirstOrThrow()
    ).count,
  );

const userRow = (id: string) =>
  t.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();

/** A user with a live session, and the session's cookie to show whether it was ended. */
async function viewer() {
  const user = await t.userWithRole('viewer');
  const before = await userRow(user.id);
  const stillSignedIn = async () =>
    (await t.call('GET', '/me', { cookie: user.cookie })).status === 200;
  expect(await stillSignedIn()).toBe(true);
  return { ...user, password: `${user.username}-password`, before, stillSignedIn };
}

describe('users: a change and its audit entry are stored together or not at all', () => {
  it('create', async () => {
    const audits = await auditCount();
    await withAuditDown(() =>
      t.call('POST', '/users', {
        cookie: admin,
        body: { username: 'alice', password: 'alice-password', role: 'reviewer' },
      }),
    );
    const alice = await t.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'alice')
      .executeTakeFirst();
    expect(alice).toBeUndefined();
    expect(await auditCount()).toBe(audits);
  });

  it('role change', async () => {
    const user = await viewer();
    await withAuditDown(() =>
      t.call('PATCH', `/users/${user.id}`, { cookie: admin, body: { role: 'admin' } }),
    );
    expect(await userRow(user.id)).toEqual(user.before);
  });

  it('password reset', async () => {
    const user = await viewer();
    await withAuditDown(() =>
      t.call('PATCH', `/users/${user.id}`, {
        cookie: admin,
        body: { password: 'a-new-password' },
      }),
    );
    expect(await userRow(user.id)).toEqual(user.before);
    expect(await user.stillSignedIn()).toBe(true);
    expect(await t.signIn(user.username, user.password)).toMatch(/^cs_session=/);
  });

  it('disable', async () => {
    const user = await viewer();
    await withAuditDown(() =>
      t.call('PATCH', `/users/${user.id}`, { cookie: admin, body: { disabled: true } }),
    );
    expect(await userRow(user.id)).toEqual(user.before);
    expect(await user.stillSignedIn()).toBe(true);
  });

  it('delete', async () => {
    const user = await viewer();
    await withAuditDown(() => t.call('DELETE', `/users/${user.id}`, { cookie: admin }));
    expect(await userRow(user.id)).toEqual(user.before);
    expect(await user.stillSignedIn()).toBe(true);
  });

  it('sign out everywhere', async () => {
    const user = await viewer();
    await withAuditDown(() => t.call('DELETE', `/users/${user.id}/sessions`, { cookie: admin }));
    expect(await user.stillSignedIn()).toBe(true);
  });
});

const m8tes = {
  kind: 'm8tes',
  name: 'm8tes production',
  secrets: { apiKey: 'm8_live_secret_key', webhookSecret: 'whsec_live_secret' },
};

const sourceRows = () => t.db.selectFrom('sources').selectAll().orderBy('id').execute();

async function createM8tes(): Promise<string> {
  const res = await t.call('POST', '/sources', { cookie: admin, body: m8tes });
  expect(res.status).toBe(201);
  return res.body.id;
}

describe('sources: a change and its audit entry are stored together or not at all', () => {
  it('create', async () => {
    const before = await sourceRows();
    await withAuditDown(() => t.call('POST', '/sources', { cookie: admin, body: m8tes }));
    expect(await sourceRows()).toEqual(before);
  });

  it('update', async () => {
    const id = await createM8tes();
    const before = await sourceRows();
    await withAuditDown(() =>
      t.call('PATCH', `/sources/${id}`, {
        cookie: admin,
        body: { name: 'renamed', secrets: { apiKey: 'm8_other_key' } },
      }),
    );
    expect(await sourceRows()).toEqual(before);
  });

  it('delete', async () => {
    const id = await createM8tes();
    const before = await sourceRows();
    await withAuditDown(() => t.call('DELETE', `/sources/${id}`, { cookie: admin }));
    expect(await sourceRows()).toEqual(before);
    const listed = await t.call('GET', '/sources', { cookie: admin });
    expect(listed.body.items.map((s: { id: string }) => s.id)).toContain(id);
  });
});

const tokenRows = () => t.db.selectFrom('agent_tokens').selectAll().orderBy('id').execute();

describe('agent tokens: a change and its audit entry are stored together or not at all', () => {
  it('create', async () => {
    const before = await tokenRows();
    await withAuditDown(() =>
      t.call('POST', '/agent-tokens', { cookie: admin, body: { name: 'ci' } }),
    );
    expect(await tokenRows()).toEqual(before);
  });

  it('revoke', async () => {
    const issued = await t.call('POST', '/agent-tokens', { cookie: admin, body: { name: 'ci' } });
    expect(issued.status).toBe(201);
    const before = await tokenRows();
    await withAuditDown(() =>
      t.call('DELETE', `/agent-tokens/${issued.body.id}`, { cookie: admin }),
    );
    expect(await tokenRows()).toEqual(before);
    const run = await t.call('POST', '/runs', {
      token: issued.body.token,
      body: { title: 'Still allowed' },
    });
    expect(run.status).toBe(201);
  });
});

describe('sessions: a change and its audit entry are stored together or not at all', () => {
  const sessionCount = async (userId: string) =>
    (await t.db.selectFrom('sessions').select('token_hash').where('user_id', '=', userId).execute())
      .length;

  it('sign in', async () => {
    const user = await viewer();
    const sessions = await sessionCount(user.id);
    await withAuditDown(() =>
      t.call('POST', '/session', { body: { username: user.username, password: user.password } }),
    );
    expect(await sessionCount(user.id)).toBe(sessions);
    expect((await userRow(user.id))?.last_sign_in_at).toBe(user.before?.last_sign_in_at);
  });

  it('sign in ending the session the browser held', async () => {
    const user = await viewer();
    await withAuditDown(() =>
      t.call('POST', '/session', {
        cookie: user.cookie,
        body: { username: user.username, password: user.password },
      }),
    );
    expect(await user.stillSignedIn()).toBe(true);
  });

  it('sign out', async () => {
    const user = await viewer();
    await withAuditDown(() => t.call('DELETE', '/session', { cookie: user.cookie }));
    expect(await user.stillSignedIn()).toBe(true);
  });

  it('sign out everywhere', async () => {
    const user = await viewer();
    await withAuditDown(() => t.call('DELETE', '/me/sessions', { cookie: user.cookie }));
    expect(await user.stillSignedIn()).toBe(true);
  });

  it('password change', async () => {
    const user = await viewer();
    await withAuditDown(() =>
      t.call('PUT', '/me/password', {
        cookie: user.cookie,
        body: { currentPassword: user.password, newPassword: 'a-brand-new-password' },
      }),
    );
    expect((await userRow(user.id))?.password_hash).toBe(user.before?.password_hash);
  });
});
