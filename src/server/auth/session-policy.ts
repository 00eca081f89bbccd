import { env } from '../env';

export type SessionPolicy = {
  /** A session not used for this long has ended. */
  idleMs: number;
  /** A session has ended this long after sign-in, however much it is used. */
  maxMs: number;
};

export const defaultSessionPolicy: SessionPolicy = {
  idleMs: env.COUNTERSIGN_SESSION_IDLE_MINUTES * 60_000,
  maxMs: env.COUNTERSIGN_SESSION_MAX_HOURS * 3_600_000,
};
