import type { Connector, ConnectorKind } from './connector';
import type { ConnectorRegistry } from './runtime';

const connectors: Connector[] = [];

/** Every platform Countersign can connect, by source kind. */
export const defaultRegistry: ConnectorRegistry = new Map<ConnectorKind, Connector>(
  connectors.map((connector) => [connector.kind, connector]),
);
