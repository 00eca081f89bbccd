import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { requestKinds } from '../../shared/requests';
import { sourceKinds } from '../../shared/sources';
import { notificationChannelList } from '../domain/notifications/channels/registry';
import type {
  DeliveryAttemptResult,
  NotificationAttemptResult,
  Observations,
} from '../domain/observations';
import type { PendingCount } from '../domain/pending-counts';

const methods = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const secondsBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 1000;

export type MetricsOptions = {
  /** Node's process metrics (CPU, memory, event-loop lag, GC): once per process, in the server. */
  processMetrics?: boolean;
  /** Read at each scrape: pending requests across the whole database. */
  pendingRequests?: () => Promise<PendingCount[]>;
  /** Told when reading the pending requests fails at a scrape (their series are then left out). */
  onCollectError?: (error: unknown) => void;
};

/**
 * This process's metrics in its own registry. Counters and histograms count what happened in this
 * process, so summing a series over processes counts every event once; Prometheus tells processes
 * apart by the `instance` label of each scraped address. Label values come from closed sets (route
 * patterns, known methods and platform kinds), never from what a client sent.
 */
export class Metrics implements Observations {
  readonly registry = new Registry();
  private readonly http: Counter<'method' | 'route' | 'status'>;
  private readonly httpSeconds: Histogram<'method' | 'route'>;
  private readonly answerSeconds: Histogram<'kind'>;
  private readonly deliverySeconds: Histogram<'platform'>;
  private readonly deliveryFailures: Counter<'platform' | 'outcome'>;
  private readonly notifications: Counter<'channel' | 'outcome'>;
  private readonly waiting: Gauge;
  private readonly streams: Gauge;

  constructor(options: MetricsOptions = {}) {
    const registers = [this.registry];
    this.http = new Counter({
      name: 'countersign_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.httpSeconds = new Histogram({
      name: 'countersign_http_request_duration_seconds',
      help: 'Time to answer an HTTP request (a waiting GET holds up to 60 s), by method and route pattern',
      labelNames: ['method', 'route'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10, 60],
      registers,
    });
    this.answerSeconds = new Histogram({
      name: 'countersign_answer_seconds',
      help: 'Time from a request being asked to a person answering it, by request kind',
      labelNames: ['kind'],
      buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 4 * 3600, 12 * 3600, 24 * 3600],
      registers,
    });
    this.deliverySeconds = new Histogram({
      name: 'countersign_delivery_seconds',
      help: 'Time from an answer to its delivery to the agent or platform, by platform',
      labelNames: ['platform'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800],
      registers,
    });
    this.deliveryFailures = new Counter({
      name: 'countersign_delivery_failures_total',
      help: 'Failed attempts to deliver an answer or a stop, by platform and outcome (retry: tried again later)',
      labelNames: ['platform', 'outcome'],
      registers,
    });
    this.notifications = new Counter({
      name: 'countersign_notifications_total',
      help: 'Attempts to send a notification, by channel and outcome (sent; retry: tried again later; failed: shown to admins; dropped: nothing left to send)',
      labelNames: ['channel', 'outcome'],
      registers,
    });
    this.waiting = new Gauge({
      name: 'countersign_waiting_agents',
      help: 'Agents waiting on GET /api/v1/requests/:id?wait= in this process',
      registers,
    });
    this.streams = new Gauge({
      name: 'countersign_event_streams',
      help: 'Open event streams (GET /api/v1/stream) in this process',
      registers,
    });
    const { pendingRequests, onCollectError } = options;
    new Gauge({
      name: 'countersign_pending_requests',
      help: 'Requests waiting for a person, by kind and source platform, across the whole database (every process reports the same value)',
      labelNames: ['kind', 'source'],
      registers,
      async collect() {
        if (!pendingRequests) return;
        this.reset();
        let counts: PendingCount[];
        try {
          counts = await pendingRequests();
        } catch (error) {
          onCollectError?.(error);
          return;
        }
        // Every pair is present, so an emptied queue reads 0 rather than disappearing.
        for (const kind of requestKinds)
          for (const source of sourceKinds) this.set({ kind, source }, 0);
        for (const { kind, source, count } of counts) this.set({ kind, source }, count);
      },
    });
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry });
  }

  /** One answered HTTP request; `route` is the pattern the router matched. */
  httpRequest(method: string, route: string, status: number, seconds: number): void {
    const m = methods.has(method) ? method : 'other';
    this.http.inc({ method: m, route, status: String(status) });
    this.httpSeconds.observe({ method: m, route }, seconds);
  }

  requestAnswered(kind: string, askedAt: string, answeredAt: string): void {
    this.answerSeconds.observe({ kind }, Math.max(0, secondsBetween(askedAt, answeredAt)));
  }

  deliveryAttempted(
    platform: string,
    result: DeliveryAttemptResult,
    timing?: { answeredAt: string; deliveredAt: string },
  ): void {
    if (result !== 'delivered') {
      this.deliveryFailures.inc({ platform, outcome: result });
    } else if (timing) {
      const seconds = secondsBetween(timing.answeredAt, timing.deliveredAt);
      this.deliverySeconds.observe({ platform }, Math.max(0, seconds));
    }
  }

  notificationAttempted(channel: string, result: NotificationAttemptResult): void {
    const known = notificationChannelList.some((c) => c.name === channel);
    this.notifications.inc({ channel: known ? channel : 'unknown', outcome: result });
  }

  agentsWaiting(delta: 1 | -1): void {
    this.waiting.inc(delta);
  }

  eventStreams(delta: 1 | -1): void {
    this.streams.inc(delta);
  }

  /** The exposition text and its content type. */
  async scrape(): Promise<{ text: string; contentType: string }> {
    return { text: await this.registry.metrics(), contentType: this.registry.contentType };
  }
}
