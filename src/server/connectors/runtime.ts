import type { SecretBox } from '../lib/secret-box';
import type { Connector, ConnectorKind, PlatformHttp } from './connector';

export type ConnectorRegistry = ReadonlyMap<ConnectorKind, Connector>;

/** What discovery, delivery and the sources API share: the connectors, their HTTP, and the secrets key. */
export type ConnectorRuntime = {
  registry: ConnectorRegistry;
  http: PlatformHttp;
  secrets: SecretBox;
  /** Asks the delivery worker to look for due jobs now instead of at its next tick. */
  kickDelivery: () => void;
};

const defaultPlatformTimeoutMs = 15_000;

/** Wraps a fetch so every platform call gives up after `timeoutMs`: the runtime's `http`. */
export function withTimeout(
  fetchImpl: PlatformHttp,
  timeoutMs = defaultPlatformTimeoutMs,
): PlatformHttp {
  return (url, init) => fetchImpl(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
}
