import type { SecretBox } from '../../lib/secret-box';

const purpose = 'unsubscribe-email:';

/** A token that turns email off for one user without signing in: the user id, sealed (AES-GCM). */
export function unsubscribeToken(secrets: SecretBox, userId: string): string {
  return secrets.seal(`${purpose}${userId}`);
}

/** The user id of a genuine token, else null. */
export function userOfUnsubscribeToken(secrets: SecretBox, token: string): string | null {
  try {
    const plain = secrets.open(token);
    return plain.startsWith(purpose) ? plain.slice(purpose.length) : null;
  } catch {
    return null;
  }
}
