import type { StreamEvent } from '../../shared/stream';

export type BusListener = (event: StreamEvent) => void;

/**
 * In-process fan-out of committed changes. Waiting requests subscribe per request id so an answer wakes
 * only its own waiters; streams subscribe to everything.
 */
export class EventBus {
  private readonly all = new Set<BusListener>();
  private readonly byRequest = new Map<string, Set<BusListener>>();
  private readonly closeListeners = new Set<() => void>();
  private closed = false;
  private fedByDatabase = false;

  /**
   * Announces events a transaction of this process just committed. When a database feed publishes every
   * process's events in commit order (PostgreSQL), it publishes these too, so they are not sent twice
   * or ahead of another process's earlier ones.
   */
  publishCommitted(events: readonly StreamEvent[]): void {
    if (!this.fedByDatabase) this.publish(events);
  }

  /** From now on the database feed, not publishCommitted, brings committed events. */
  useDatabaseFeed(): void {
    this.fedByDatabase = true;
  }

  publish(events: readonly StreamEvent[]): void {
    for (const event of events) {
      for (const listener of [...this.all]) listener(event);
      if (event.requestId) {
        const waiters = this.byRequest.get(event.requestId);
        if (waiters) for (const listener of [...waiters]) listener(event);
      }
    }
  }

  subscribe(listener: BusListener): () => void {
    this.all.add(listener);
    return () => this.all.delete(listener);
  }

  subscribeRequest(requestId: string, listener: BusListener): () => void {
    let waiters = this.byRequest.get(requestId);
    if (!waiters) {
      waiters = new Set();
      this.byRequest.set(requestId, waiters);
    }
    waiters.add(listener);
    return () => {
      const set = this.byRequest.get(requestId);
      if (!set) return;
      set.delete(listener);
      if (set.size === 0) this.byRequest.delete(requestId);
    };
  }

  /** Called when the server shuts down, so open streams and waits end instead of holding connections. */
  onClose(listener: () => void): () => void {
    if (this.closed) {
      listener();
      return () => {};
    }
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  close(): void {
    this.closed = true;
    for (const listener of [...this.closeListeners]) listener();
    this.closeListeners.clear();
  }

  get listenerCount(): number {
    let count = this.all.size;
    for (const set of this.byRequest.values()) count += set.size;
    return count;
  }
}
