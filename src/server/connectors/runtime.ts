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
