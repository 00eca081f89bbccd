import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

/**
 * A TCP round-robin load balancer in a process of its own, as a deployment puts in front of several
 * server processes: each new connection goes to the next target; a target that refuses the connection
 * is skipped for that connection (and stays in the rotation, as a balancer without health checks keeps
 * it). Bytes are piped, not parsed, so it costs the servers' machine as little as a balancer can.
 * Driven over IPC by pg-processes.ts: `{ targets: number[] }` sets the ports.
 */
let targets: number[] = [];
let next = 0;

function forward(client: Socket, tried: number): void {
  if (targets.length === 0 || tried >= targets.length) {
    client.destroy();
    return;
  }
  const port = targets[next++ % targets.length]!;
  const upstream = connect({ port, host: '127.0.0.1' });
  let connected = false;
  upstream.once('connect', () => {
    connected = true;
    client.pipe(upstream).pipe(client);
    client.resume();
  });
  upstream.on('error', () => {
    if (!connected) forward(client, tried + 1);
    else client.destroy();
  });
  client.on('error', () => upstream.destroy());
  client.on('close', () => upstream.destroy());
  upstream.on('close', () => {
    if (connected) client.destroy();
  });
}

const server = createServer({ pauseOnConnect: true }, (client) => forward(client, 0));
server.listen(0, '127.0.0.1', () => {
  process.send?.({ port: (server.address() as AddressInfo).port });
});
process.on('message', (message: { targets: number[] }) => {
  targets = message.targets;
  process.send?.({ ok: true });
});
process.once('disconnect', () => process.exit(0));
