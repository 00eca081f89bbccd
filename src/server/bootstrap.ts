import { randomBytes } from 'node:crypto';
import { ensureAgentToken } from './domain/agent-tokens';
import { countUsers, insertUser } from './domain/users';
import type { Db } from './db/schema';
import { hashPassword } from './lib/passwords';

/**
 * First-start setup: an `admin` user when there are no users (with the given password, or a generated
 * one that is returned so the caller can print it once), and the configured agent token for `native`.
 */
export async function bootstrap(
  db: Db,
  options: { adminPassword?: string; agentToken?: string; at: string },
): Promise<{ generatedAdminPassword: string | null }> {
  let generatedAdminPassword: string | null = null;
  if ((await countUsers(db)) === 0) {
    const password = options.adminPassword ?? randomBytes(12).toString('base64url');
    if (!options.adminPassword) generatedAdminPassword = password;
    const passwordHash = await hashPassword(password);
    await insertUser(db, { username: 'admin', passwordHash, role: 'admin' }, options.at);
  }
  if (options.agentToken) {
    await ensureAgentToken(db, options.agentToken, 'native', 'COUNTERSIGN_AGENT_TOKEN', options.at);
  }
  return { generatedAdminPassword };
}
