import { createAgentClient } from '../../shared/agent-client';
import { env } from '../env';
import { createLogger } from '../lib/logger';
import { startServer } from '../start';
import { signIn } from './admin-session';
import { ensureDemoRules } from './demo-rules';
import { ensureDemoTeams } from './demo-teams';
import { demoUsers, ensureDemoUsers, stopLeftoverRuns } from './demo-users';
import { startLiveView } from './live-view';
import { connectDemoSlack, demoSlack } from './demo-slack';
import { createSlackReceiver } from './slack-receiver';
import { startScheduler } from './scheduler';

const demoAgentToken = 'cs_demo_agent_token';
const adminPassword = env.COUNTERSIGN_ADMIN_PASSWORD ?? 'demo';
const logFormat = env.COUNTERSIGN_LOG_FORMAT ?? 'pretty';
const demoLogger = createLogger(env.LOG_LEVEL, { format: logFormat });
const log = (line: string) => demoLogger.info(line, { component: 'demo' });

const slack = createSlackReceiver(demoSlack);
// The side port comes first: the server must know where the Slack stand-in answers.
const liveView = await startLiveView({
  port: env.PORT === 0 ? 0 : env.PORT + 1,
  extra: slack.handle,
});
const server = await startServer({
  dataDir: '.data/demo',
  adminPassword,
  agentToken: demoAgentToken,
  quiet: true,
  logFormat,
  frameOrigins: () => [liveView.url],
  notifications: { slackApiUrl: `${liveView.url}/slack/api` },
});
slack.connect({
  interactionsUrl: `${server.url}/api/v1/integrations/slack/interactions`,
  pageOrigin: liveView.url,
});

try {
  const admin = await signIn(server.url, 'admin', adminPassword);
  await ensureDemoUsers(admin);
  await ensureDemoRules(admin);
  await ensureDemoTeams(admin);
  await connectDemoSlack(admin);
  const stopped = await stopLeftoverRuns(admin);
  if (stopped) log(`Stopped ${stopped} run(s) left over from the last demo`);
} catch (error) {
  log(`Could not set up the demo users: ${error instanceof Error ? error.message : String(error)}`);
  log('If .data/demo was created with another admin password, delete .data/demo and start again.');
}

const client = createAgentClient({ baseUrl: server.url, token: demoAgentToken });
const scheduler = startScheduler({ client, liveView, log });

const accounts = [{ username: 'admin', password: adminPassword, role: 'admin' }, ...demoUsers];
// The banner is for the person who started the demo, not a log entry.
process.stdout.write(
  [
    '',
    `  Countersign demo is running at ${server.url}`,
    '',
    '  Sign in as:',
    ...accounts.map(
      (a) => `    ${a.username.padEnd(9)} password ${a.password.padEnd(14)} (${a.role})`,
    ),
    '',
    `  Agent token: ${demoAgentToken}`,
    `  Live view:   ${liveView.url}`,
    `  Slack:       ${liveView.url}/slack  (what Slack would show; its buttons answer as admin)`,
    '  Simulated agents are creating runs now. Press Ctrl+C to stop.',
    '',
    '',
  ].join('\n'),
);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) process.exit(1);
  stopping = true;
  log(`${signal}: stopping`);
  await scheduler.stop();
  await Promise.all([liveView.close(), server.close()]);
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
