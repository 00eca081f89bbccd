export type JobLoopOptions = {
  /** How often to look for due jobs when nothing kicks the loop. */
  intervalMs: number;
  /** How long a claim holds: a pass running longer than this is stuck. */
  leaseMs: number;
  /** A pass that handled a full batch runs again at once: more may be due. */
  batchSize: number;
  /** One pass: claims due jobs and handles them; resolves with how many it handled. */
  runOnce: () => Promise<number>;
  onError: (error: unknown) => void;
};

export type JobLoop = {
  /** Looks for due jobs soon (kicks coalesce into one pass). */
  kick(): void;
  /** Stops the timer and waits for the pass in flight. */
  stop(): Promise<void>;
  /**
   * Whether the loop still works: not stopped, its timer still firing, its last pass not failed, and
   * no pass stuck beyond a lease (for readiness probes).
   */
  alive(): boolean;
};

/** The loop of an outbox worker: a timer and kicks run passes, one at a time, never two at once. */
export function startJobLoop(options: JobLoopOptions): JobLoop {
  const { intervalMs, leaseMs, batchSize } = options;
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;
  let lastTickAt = Date.now();
  let passStartedAt = 0;
  let lastPassFailed = false;

  function pass(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    passStartedAt = Date.now();
    running = (async () => {
      do {
        again = false;
        if ((await options.runOnce()) === batchSize) again = true;
      } while (again && !stopped);
      lastPassFailed = false;
    })()
      .catch((error: unknown) => {
        lastPassFailed = true;
        options.onError(error);
      })
      .finally(() => {
        running = null;
      });
  }

  const timer = setInterval(() => {
    lastTickAt = Date.now();
    pass();
  }, intervalMs);
  timer.unref();

  let kickScheduled = false;
  return {
    kick() {
      if (kickScheduled || stopped) return;
      kickScheduled = true;
      setImmediate(() => {
        kickScheduled = false;
        pass();
      });
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
    alive() {
      const now = Date.now();
      return (
        !stopped &&
        !lastPassFailed &&
        now - lastTickAt <= Math.max(5_000, 5 * intervalMs) &&
        (running === null || now - passStartedAt <= leaseMs)
      );
    },
  };
}
