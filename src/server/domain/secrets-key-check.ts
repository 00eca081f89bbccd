import type { Db } from '../db/schema';
import type { SecretBox } from '../lib/secret-box';

const checkName = 'secrets_key_check';
const checkValue = 'countersign secrets key';

export const secretsKeyMismatch =
  "This database's platform secrets were sealed with another key. Every server process sharing it needs the same key: set COUNTERSIGN_SECRETS_KEY to the key the other processes use (or start with the data directory whose secrets.key first opened this database).";

/**
 * The first start seals a known value with its key; every later start must open it. A process with
 * another key (another data directory's secrets.key, another COUNTERSIGN_SECRETS_KEY) so refuses to
 * start, instead of failing on the first webhook or delivery whose secrets it cannot read.
 */
export async function checkSecretsKey(db: Db, box: SecretBox, at: string): Promise<void> {
  await db
    .insertInto('settings')
    .values({ name: checkName, value: box.seal(checkValue), created_at: at })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const { value } = await db
    .selectFrom('settings')
    .select('value')
    .where('name', '=', checkName)
    .executeTakeFirstOrThrow();
  let opened: string | null = null;
  try {
    opened = box.open(value);
  } catch {
    opened = null;
  }
  if (opened !== checkValue) throw new Error(secretsKeyMismatch);
}
