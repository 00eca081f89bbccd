import webPush from 'web-push';
import type { DbOrTrx } from '../../db/schema';
import type { SecretBox } from '../../lib/secret-box';

export type VapidKeys = { publicKey: string; privateKey: string };

const rowId = 'vapid';

/**
 * The server's VAPID key pair: the configured one (COUNTERSIGN_VAPID_*), else the stored one, else a new
 * pair stored now. Processes starting together may each generate a pair; the insert keeps the first and
 * everyone reads that one back, so every subscription is made and pushed with the same key.
 */
export async function vapidKeys(
  db: DbOrTrx,
  secrets: SecretBox,
  configured: VapidKeys | undefined,
  at: string,
): Promise<VapidKeys> {
  if (configured) return configured;
  const stored = await readStored(db, secrets);
  if (stored) return stored;
  const fresh = webPush.generateVAPIDKeys();
  await db
    .insertInto('push_vapid_keys')
    .values({
      id: rowId,
      public_key: fresh.publicKey,
      private_key: secrets.seal(fresh.privateKey),
      created_at: at,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  const kept = await readStored(db, secrets);
  if (!kept) throw new Error('The VAPID keys could not be stored');
  return kept;
}

/** Only the public key: it needs no secrets key to read, so a page can be served it cheaply. */
export async function vapidPublicKey(
  db: DbOrTrx,
  secrets: SecretBox,
  configured: VapidKeys | undefined,
  at: string,
): Promise<string> {
  if (configured) return configured.publicKey;
  const row = await db
    .selectFrom('push_vapid_keys')
    .select('public_key')
    .where('id', '=', rowId)
    .executeTakeFirst();
  return row?.public_key ?? (await vapidKeys(db, secrets, undefined, at)).publicKey;
}

async function readStored(db: DbOrTrx, secrets: SecretBox): Promise<VapidKeys | null> {
  const row = await db
    .selectFrom('push_vapid_keys')
    .select(['public_key', 'private_key'])
    .where('id', '=', rowId)
    .executeTakeFirst();
  return row ? { publicKey: row.public_key, privateKey: secrets.open(row.private_key) } : null;
}
