import { sql } from 'kysely';
import { SessionRevocations } from './session-revocations';
import type { Db } from '../db/schema';
import type { Logger } from '../lib/logger';

/** The LISTEN/NOTIFY channel that carries revoked session hashes (comma-separated) between processes. */
export const revokedSessionsChannel = 'countersign_sessions_revoked';

/** Hashes per notification: 64 hex characters each, well inside NOTIFY's 8,000-byte payload. */
const hashesPerNotice = 100;

/**
 * Session revocations for several processes on one PostgreSQL database: a session signed out through
 * one process must also end the event streams it holds open on the others. Each revocation ends this
 * process's streams at once and is announced to the rest, whose feeds call revokeHere.
 */
export class SharedSessionRevocations extends SessionRevocations {
  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
  ) {
    super();
  }

  override revoke(sessionHashes: readonly string[]): void {
    super.revoke(sessionHashes);
    for (let start = 0; start < sessionHashes.length; start += hashesPerNotice) {
      const notice = sessionHashes.slice(start, start + hashesPerNotice).join(',');
      sql`select pg_notify(${revokedSessionsChannel}, ${notice})`
        .execute(this.db)
        .catch((error: unknown) =>
          this.logger.error('Announcing revoked sessions failed', {
            error: error instanceof Error ? error.message : String(error),
          }),
        );
    }
  }

  /** Revokes sessions another process announced, without announcing them again. */
  revokeHere(notice: string): void {
    super.revoke(notice.split(',').filter(Boolean));
  }
}
