import { anchorConnector } from './anchor/connector';
import { browserUseConnector } from './browser-use/connector';
import type { Connector, ConnectorKind } from './connector';
import { crewAiConnector } from './crewai/connector';
import { dariConnector } from './dari/connector';
import { langGraphConnector } from './langgraph/connector';
import { m8tesConnector } from './m8tes/connector';
import type { ConnectorRegistry } from './runtime';

const connectors: Connector[] = [
  dariConnector,
  m8tesConnector,
  anchorConnector,
  browserUseConnector,
  crewAiConnector,
  langGraphConnector,
];

/** Every platform Countersign can connect, by source kind. */
export const defaultRegistry: ConnectorRegistry = new Map<ConnectorKind, Connector>(
  connectors.map((connector) => [connector.kind, connector]),
);

/** Whether the platform of a source kind takes one reply for a whole group of requests. */
export function repliesOncePerGroup(kind: string): boolean {
  return defaultRegistry.get(kind as ConnectorKind)?.deliverGroup !== undefined;
}
