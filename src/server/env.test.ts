import { describe, expect, it } from 'vitest';
import { isPostgresUrl, parseEnv } from './env';

describe('env', () => {
  it('applies defaults', () => {
    const env = parseEnv({});
    expect(env).toMatchObject({
      PORT: 8787,
      HOST: '127.0.0.1',
      COUNTERSIGN_DATA_DIR: '.data',
      LOG_LEVEL: 'info',
    });
    expect(env.COUNTERSIGN_ADMIN_PASSWORD).toBeUndefined();
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('treats blank secrets as unset and parses the port', () => {
    const env = parseEnv({
      PORT: '9000',
      COUNTERSIGN_ADMIN_PASSWORD: ' ',
      COUNTERSIGN_AGENT_TOKEN: 'tok',
    });
    expect(env.PORT).toBe(9000);
    expect(env.COUNTERSIGN_ADMIN_PASSWORD).toBeUndefined();
    expect(env.COUNTERSIGN_AGENT_TOKEN).toBe('tok');
  });

  it('reads the session timeouts and trusts a proxy only when told to', () => {
    const defaults = parseEnv({});
    expect(defaults.COUNTERSIGN_SESSION_IDLE_MINUTES).toBe(720);
    expect(defaults.COUNTERSIGN_SESSION_MAX_HOURS).toBe(168);
    expect(defaults.COUNTERSIGN_TRUST_PROXY).toBe(false);
    expect(parseEnv({ COUNTERSIGN_TRUST_PROXY: '1' }).COUNTERSIGN_TRUST_PROXY).toBe(true);
    expect(parseEnv({ COUNTERSIGN_TRUST_PROXY: 'true' }).COUNTERSIGN_TRUST_PROXY).toBe(true);
    expect(() => parseEnv({ COUNTERSIGN_TRUST_PROXY: 'yes please' })).toThrow(
      /COUNTERSIGN_TRUST_PROXY/,
    );
    expect(() => parseEnv({ COUNTERSIGN_SESSION_IDLE_MINUTES: '0' })).toThrow(
      /COUNTERSIGN_SESSION_IDLE_MINUTES/,
    );
  });

  it('names the bad variables', () => {
    expect(() => parseEnv({ PORT: 'eighty', LOG_LEVEL: 'loud' })).toThrow(/PORT[\s\S]*LOG_LEVEL/);
  });

  it('takes a secrets key only when it is 32 bytes of base64', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    expect(parseEnv({ COUNTERSIGN_SECRETS_KEY: key }).COUNTERSIGN_SECRETS_KEY).toBe(key);
    expect(parseEnv({ COUNTERSIGN_SECRETS_KEY: ' ' }).COUNTERSIGN_SECRETS_KEY).toBeUndefined();
    expect(() => parseEnv({ COUNTERSIGN_SECRETS_KEY: 'c2hvcnQ=' })).toThrow(
      /COUNTERSIGN_SECRETS_KEY/,
    );
  });

  it('recognises PostgreSQL URLs', () => {
    expect(isPostgresUrl('postgres://u@h/db')).toBe(true);
    expect(isPostgresUrl('postgresql://u@h/db')).toBe(true);
    expect(isPostgresUrl('file:./x.db')).toBe(false);
    expect(isPostgresUrl(undefined)).toBe(false);
  });
});
