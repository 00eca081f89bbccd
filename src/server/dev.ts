import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';
import { env } from './env';
import { startServer } from './start';

const configFile = fileURLToPath(new URL('../../vite.config.ts', import.meta.url));

try {
  const api = await startServer({ logFormat: env.COUNTERSIGN_LOG_FORMAT ?? 'pretty' });
  const vite = await createServer({ configFile, server: { port: 5173, host: env.HOST } });
  await vite.listen();
  process.stdout.write(
    `API at ${api.url}\nApp at http://${env.HOST}:5173 (proxies /api to the API)\n`,
  );
  const shutdown = () => {
    Promise.all([vite.close(), api.close()]).then(
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
