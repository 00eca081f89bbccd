export type SessionPolicy = {
  /** A session not used for this long has ended. */
  idleMs: number;
  /** A session has ended this long after sign-in, however much it is used. */
  maxMs: number;
};
