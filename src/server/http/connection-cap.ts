import type { Server } from 'node:http';

export type ConnectionCap = {
  /** Open connections one address may hold; 0 for no cap. */
  maxPerAddress: number;
  /** Whether loopback addresses count too (see startServer). */
  capLoopback: boolean;
};

const loopback = /^(127\.|::ffff:127\.|::1$)/;

/**
 * Closes a new connection at once when its address already holds `maxPerAddress`. The counts live
 * only while connections are open, so the map holds no more addresses than there are sockets.
 */
export function capConnectionsPerAddress(server: Server, cap: ConnectionCap): () => number {
  const open = new Map<string, number>();
  if (cap.maxPerAddress > 0) {
    server.on('connection', (socket) => {
      const address = socket.remoteAddress;
      if (!address || (!cap.capLoopback && loopback.test(address))) return;
      const count = open.get(address) ?? 0;
      if (count >= cap.maxPerAddress) {
        socket.destroy();
        return;
      }
      open.set(address, count + 1);
      socket.once('close', () => {
        const left = (open.get(address) ?? 1) - 1;
        if (left > 0) open.set(address, left);
        else open.delete(address);
      });
    });
  }
  return () => open.size;
}
