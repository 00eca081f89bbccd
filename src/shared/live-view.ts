/**
 * Where the known platforms serve their live browser views (vendors.md). Only these are framed with
 * `allow-same-origin`, which Anchor documents its view needs; any other live view runs in an opaque
 * origin (scripts and forms, no cookies or storage of its own), with "Open in new tab" beside it.
 */
export const platformLiveViewOrigins: Readonly<Record<string, readonly string[]>> = {
  anchor: ['https://live.anchorbrowser.io'],
  'browser-use': ['https://live.browser-use.com'],
};

const trustedLiveViewOrigins = new Set(Object.values(platformLiveViewOrigins).flat());

export const platformSandbox = 'allow-scripts allow-same-origin';
export const defaultSandbox = 'allow-scripts allow-forms';

/** The narrowest sandbox the live view at `url` works in. */
export function liveViewSandbox(url: string): string {
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    return '';
  }
  return trustedLiveViewOrigins.has(origin) ? platformSandbox : defaultSandbox;
}

/** The origin of an absolute http(s) URL, or null. */
export function httpOrigin(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : null;
  } catch {
    return null;
  }
}
