import { isIP } from 'node:net';

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Why the server must not POST to this push endpoint, or null when it may. The endpoint comes from a
 * browser, so it is treated as a request to make the server call any address (SSRF): only https on the
 * default port to a public DNS name, never an IP literal or a local name. Loopback over http is allowed
 * only when `allowLoopback` (tests and the demo, which run their own push service).
 */
export function pushEndpointProblem(endpoint: string, allowLoopback: boolean): string | null {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return 'The endpoint is not a URL';
  }
  if (url.username || url.password) return 'The endpoint may not carry credentials';
  const host = url.hostname.toLowerCase();
  if (allowLoopback && loopbackHosts.has(host) && ['http:', 'https:'].includes(url.protocol)) {
    return null;
  }
  if (url.protocol !== 'https:') return 'The endpoint must use https';
  if (url.port !== '') return 'The endpoint must use the default https port';
  const bare = host.replace(/^\[|\]$/g, '');
  if (isIP(bare) !== 0) return 'The endpoint must be a push service’s name, not an address';
  if (!host.includes('.') || /\.(localhost|local|internal|lan|home|arpa)\.?$/.test(host)) {
    return 'The endpoint must be a public push service';
  }
  return null;
}
