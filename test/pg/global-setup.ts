import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { resetPostgresTestDatabases } from '../../src/server/testing/test-database';

const startHint =
  'Start PostgreSQL (Debian: `apt-get install postgresql && pg_ctlcluster 15 main start`), or set ' +
  'COUNTERSIGN_TEST_DATABASE_URL to a postgres:// URL of a role that may CREATE DATABASE.';

/** Before the run: make sure the server answers and the test role and database exist, and start clean. */
export async function setup(): Promise<void> {
  const url = process.env.COUNTERSIGN_TEST_DATABASE_URL!;
  const problem = await connectProblem(url);
  if (problem?.kind === 'unreachable') {
    throw new Error(
      `PostgreSQL is not reachable at ${where(url)}: ${problem.message}\n${startHint}`,
    );
  }
  if (problem?.kind === 'missing') {
    provision(url, problem.message);
    const again = await connectProblem(url);
    if (again)
      throw new Error(`Still cannot connect to ${where(url)}: ${again.message}\n${startHint}`);
  }
  await resetPostgresTestDatabases(url);
}

type Problem = { kind: 'unreachable' | 'missing'; message: string };

async function connectProblem(url: string): Promise<Problem | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.end();
    return null;
  } catch (error) {
    const code = (error as { code?: string }).code;
    const message = error instanceof Error ? error.message : String(error);
    // 28P01 wrong password, 28000 no such role, 3D000 no such database: things we can create.
    if (code === '28P01' || code === '28000' || code === '3D000')
      return { kind: 'missing', message };
    return { kind: 'unreachable', message };
  }
}

/** As root on the database host, creates the role and database through the local `postgres` superuser. */
function provision(url: string, reason: string): void {
  const { username, password, pathname } = new URL(url);
  const role = decodeURIComponent(username);
  const database = decodeURIComponent(pathname.slice(1));
  const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;
  const ident = (text: string) => `"${text.replaceAll('"', '""')}"`;
  const script = `
    SELECT format('CREATE ROLE %I LOGIN CREATEDB', ${literal(role)})
      WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${literal(role)}) \\gexec
    ALTER ROLE ${ident(role)} LOGIN CREATEDB PASSWORD ${literal(decodeURIComponent(password))};
    SELECT format('CREATE DATABASE %I OWNER %I', ${literal(database)}, ${literal(role)})
      WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = ${literal(database)}) \\gexec
  `;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `Cannot sign in to ${where(url)} (${reason}). Create the role and database as a superuser:\n` +
        `  psql -c "CREATE ROLE ${role} LOGIN CREATEDB PASSWORD '…'" -c "CREATE DATABASE ${database} OWNER ${role}"`,
    );
  }
  try {
    execFileSync('su', ['postgres', '-c', 'psql -v ON_ERROR_STOP=1 -q -d postgres'], {
      input: script,
      stdio: ['pipe', 'ignore', 'pipe'],
    });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? String(error);
    throw new Error(`Creating the test role and database failed: ${stderr}\n${startHint}`);
  }
}

function where(url: string): string {
  const { hostname, port } = new URL(url);
  return `${hostname}:${port || 5432}`;
}
