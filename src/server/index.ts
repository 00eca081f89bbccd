import type { RunningServer } from './start';

try {
  // Imported here so an invalid environment is reported as a message, not a stack trace.
  const { startServer } = await import('./start');
  const server: RunningServer = await startServer();
  process.stdout.write(`Countersign is running at ${server.url}\n`);
  const shutdown = () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
