import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Encrypts source secrets at rest (AES-256-GCM), so a copied database file alone does not leak them. */
export type SecretBox = {
  seal(plain: string): string;
  open(sealed: string): string;
};

const version = 'v1';

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error('The secrets key must be 32 bytes');
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [version, iv, tag, body]
        .map((p) => (typeof p === 'string' ? p : p.toString('base64')))
        .join(':');
    },
    open(sealed) {
      const [tagVersion, iv, tag, body] = sealed.split(':');
      if (tagVersion !== version || !iv || !tag || body === undefined) {
        throw new Error('Unreadable sealed secret');
      }
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([
        decipher.update(Buffer.from(body, 'base64')),
        decipher.final(),
      ]).toString('utf8');
    },
  };
}

export const secretsKeyFile = 'secrets.key';

/** Reads the data directory's key, creating it (owner-only) on first start. Losing it loses the stored secrets. */
export function loadSecretBox(dataDir: string): SecretBox {
  const path = join(dataDir, secretsKeyFile);
  if (!existsSync(path)) {
    try {
      writeFileSync(path, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
      chmodSync(path, 0o600);
    } catch (error) {
      // Another process starting on the same data directory wrote it first; use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return createSecretBox(Buffer.from(readFileSync(path, 'utf8').trim(), 'base64'));
}

export function ephemeralSecretBox(): SecretBox {
  return createSecretBox(randomBytes(32));
}
