/**
 * Tells open event streams that their session has ended (signed out, revoked, user disabled or
 * removed), so a revoked session stops receiving events at once instead of at its next request.
 */
export class SessionRevocations {
  private readonly listeners = new Map<string, Set<() => void>>();

  onRevoked(sessionHash: string, listener: () => void): () => void {
    let set = this.listeners.get(sessionHash);
    if (!set) {
      set = new Set();
      this.listeners.set(sessionHash, set);
    }
    set.add(listener);
    return () => {
      const current = this.listeners.get(sessionHash);
      current?.delete(listener);
      if (current?.size === 0) this.listeners.delete(sessionHash);
    };
  }

  revoke(sessionHashes: readonly string[]): void {
    for (const hash of sessionHashes) {
      const set = this.listeners.get(hash);
      if (!set) continue;
      this.listeners.delete(hash);
      for (const listener of set) listener();
    }
  }
}
