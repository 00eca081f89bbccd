/** Whether a base64url string is a P-256 public key (65 bytes, uncompressed) or private key (32). */
export function isVapidPublicKey(value: string): boolean {
  const bytes = decodeBase64Url(value);
  return bytes !== null && bytes.length === 65 && bytes[0] === 4;
}

export function isVapidPrivateKey(value: string): boolean {
  const bytes = decodeBase64Url(value);
  return bytes !== null && bytes.length === 32;
}

/** Strict base64url (padding allowed); null for anything else, which Buffer would decode leniently. */
export function decodeBase64Url(value: string): Buffer | null {
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(value)) return null;
  return Buffer.from(value, 'base64url');
}
