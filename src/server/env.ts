import { z } from 'zod';
import { isVapidPrivateKey, isVapidPublicKey } from './lib/vapid-format';
import { logFormats, logLevels } from './lib/logger';

const optionalSecret = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v));

export const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  COUNTERSIGN_DATA_DIR: z.string().min(1).default('.data'),
  DATABASE_URL: optionalSecret,
  COUNTERSIGN_ADMIN_PASSWORD: optionalSecret,
  COUNTERSIGN_AGENT_TOKEN: optionalSecret,
  LOG_LEVEL: z.enum(logLevels).default('info'),
  /** `json` lines for a log collector; `pretty` for reading. Unset: json, but pretty for dev and demo. */
  COUNTERSIGN_LOG_FORMAT: z.enum(logFormats).optional(),
  /** A session ends after this long without a request, and in any case this long after sign-in. */
  COUNTERSIGN_SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(12 * 60),
  COUNTERSIGN_SESSION_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .default(7 * 24),
  /** Set behind a reverse proxy: the client address is then the last X-Forwarded-For entry. */
  COUNTERSIGN_TRUST_PROXY: z
    .enum(['true', 'false', '1', '0', ''])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  /** Extra origins the live view may be framed from (comma-separated), beyond those of known platforms. */
  COUNTERSIGN_FRAME_ORIGINS: z.string().default(''),
  /**
   * The key for stored platform secrets, base64 of 32 bytes. Processes sharing one PostgreSQL database
   * each need the same key; unset, each uses (and first creates) secrets.key in its data directory.
   */
  COUNTERSIGN_SECRETS_KEY: optionalSecret.refine(
    (v) => v === undefined || Buffer.from(v, 'base64').length === 32,
    'must be 32 bytes, base64-encoded (e.g. the output of `openssl rand -base64 32`)',
  ),
  /** Tests only: a `postgres://` URL runs the server tests on PostgreSQL, each test app in a fresh database. */
  COUNTERSIGN_TEST_DATABASE_URL: optionalSecret,
  /**
   * Open connections one client address may hold (streams, waits and keep-alive sockets); further ones
   * are closed at once. 0 turns the cap off. Loopback addresses are not capped.
   */
  COUNTERSIGN_MAX_CONNECTIONS_PER_ADDRESS: z.coerce.number().int().min(0).default(256),
  /**
   * The bearer token Prometheus sends to GET /metrics; unset, the endpoint does not exist (404).
   * At least 16 characters: it is the only thing between the network and the metrics.
   */
  COUNTERSIGN_METRICS_TOKEN: optionalSecret.refine(
    (v) => v === undefined || v.length >= 16,
    'must be at least 16 characters (e.g. the output of `openssl rand -hex 32`)',
  ),
  /**
   * Finished runs untouched for this many days are removed by a daily job (their audit entries stay);
   * 0 keeps every run.
   */
  COUNTERSIGN_RETENTION_DAYS: z.coerce.number().int().min(0).default(0),
  /** How often each connector source is polled as a safety net behind its webhooks. */
  COUNTERSIGN_POLL_INTERVAL_MS: z.coerce.number().int().min(50).default(30_000),
  /**
   * How long an MCP tool call waits for a person before it returns `{ status: "pending", requestId }`
   * (the agent then calls wait_for_answer). Progress notifications keep the call alive meanwhile.
   */
  COUNTERSIGN_MCP_WAIT_SECONDS: z.coerce.number().int().min(1).max(86_400).default(600),
  /** SMTP for email notifications, e.g. `smtp://user:pass@host:587`; unset, no email is sent. */
  COUNTERSIGN_SMTP_URL: optionalSecret,
  /** The From of notification emails, e.g. `Countersign <countersign@example.com>`. */
  COUNTERSIGN_MAIL_FROM: optionalSecret,
  /** The address people reach this server at; links in emails and webhooks start with it. */
  COUNTERSIGN_PUBLIC_URL: optionalSecret,
  /** The Slack Web API's base address; tests and the demo point it at a Slack-shaped server. */
  COUNTERSIGN_SLACK_API_URL: z.string().url().default('https://slack.com/api'),
  /**
   * Web Push's VAPID key pair (base64url, as `web-push generate-vapid-keys` prints them); both or
   * neither. Unset, a pair is generated on first start and stored, the private key sealed.
   */
  COUNTERSIGN_VAPID_PUBLIC_KEY: optionalSecret.refine(
    (v) => v === undefined || isVapidPublicKey(v),
    'must be a base64url P-256 public key (65 bytes)',
  ),
  COUNTERSIGN_VAPID_PRIVATE_KEY: optionalSecret.refine(
    (v) => v === undefined || isVapidPrivateKey(v),
    'must be a base64url P-256 private key (32 bytes)',
  ),
  /** Tests and the demo only: lets browsers subscribe with a push service on this machine (http). */
  COUNTERSIGN_PUSH_ALLOW_LOOPBACK: z
    .enum(['true', 'false', '1', '0', ''])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  /** Single sign-on: the OpenID Connect issuer URL; with the client id and secret it turns OIDC on. */
  COUNTERSIGN_OIDC_ISSUER: optionalSecret.refine(
    (v) => v === undefined || URL.canParse(v),
    'must be a URL, e.g. https://login.example.com/realms/acme',
  ),
  COUNTERSIGN_OIDC_CLIENT_ID: optionalSecret,
  COUNTERSIGN_OIDC_CLIENT_SECRET: optionalSecret,
  /** The ID token claim listing a person's groups; Settings maps its values to roles. */
  COUNTERSIGN_OIDC_GROUPS_CLAIM: z.string().min(1).default('groups'),
  /**
   * `false` turns password sign-in off when single sign-on is configured (never otherwise, so nobody is
   * locked out). Setting it back to `true` and restarting is the way in when the provider is down.
   */
  COUNTERSIGN_PASSWORD_SIGN_IN: z
    .enum(['true', 'false', '1', '0', ''])
    .default('true')
    .transform((v) => v !== 'false' && v !== '0'),
});
export type Env = z.infer<typeof envSchema>;

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema
    .refine(
      (e) =>
        (e.COUNTERSIGN_VAPID_PUBLIC_KEY === undefined) ===
        (e.COUNTERSIGN_VAPID_PRIVATE_KEY === undefined),
      { message: 'set both VAPID keys or neither', path: ['COUNTERSIGN_VAPID_PRIVATE_KEY'] },
    )
    .safeParse(source);
  if (!result.success) {
    const problems = result.error.issues
      .map((i) => `  ${i.path.join('.')}: ${i.message}`)
      .join('\n');
    throw new Error(`Invalid environment:\n${problems}`);
  }
  return result.data;
}

export function isPostgresUrl(url: string | undefined): boolean {
  return url !== undefined && /^postgres(ql)?:\/\//i.test(url);
}

/** The only place that reads process.env. */
export const env: Env = parseEnv(process.env);

/** The configured VAPID key pair, or undefined to use the stored (or generated) one. */
export function configuredVapidKeys(e: Env): { publicKey: string; privateKey: string } | undefined {
  return e.COUNTERSIGN_VAPID_PUBLIC_KEY && e.COUNTERSIGN_VAPID_PRIVATE_KEY
    ? { publicKey: e.COUNTERSIGN_VAPID_PUBLIC_KEY, privateKey: e.COUNTERSIGN_VAPID_PRIVATE_KEY }
    : undefined;
}
