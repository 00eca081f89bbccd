/**
 * The page's CSP allows style elements only with the nonce the server put in a meta tag. The dialog's
 * scroll lock (react-remove-scroll, through get-nonce) adds one and reads the nonce from this global,
 * its documented hook.
 */
export function shareCspNonce(): void {
  const nonce = document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce;
  if (nonce) (globalThis as { __webpack_nonce__?: string }).__webpack_nonce__ = nonce;
}
