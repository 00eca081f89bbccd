import type { Context } from 'hono';
import type { AppEnv } from '../http/app-env';

/**
 * The app's mark with a count badge, for the tab's icon while requests wait (`/waiting-icon.svg?count=3`).
 * Served from the app's own origin because the page's policy (and its XSS scan) allow no data: URL icon.
 * The count is digits only, at most "99+": nothing a client sends reaches the SVG otherwise.
 */
export function waitingIcon(c: Context<AppEnv>) {
  const raw = c.req.query('count') ?? '';
  if (!/^[0-9]{1,6}\+?$/.test(raw)) {
    return c.json({ error: { code: 'bad_request', message: 'count must be a number' } }, 400);
  }
  const text = raw.length > 2 ? '99+' : raw;
  const size = text.length > 2 ? 8 : 11;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#4f46e5"/><path d="M9 16.5l4.5 4.5L23 11" fill="none" stroke="#fff" stroke-width="3.2" stroke-linecap="round" stroke-linejoin="round"/><circle cx="23" cy="9" r="9" fill="#dc2626"/><text x="23" y="12.5" text-anchor="middle" font-family="system-ui,sans-serif" font-size="${size}" font-weight="700" fill="#fff">${text}</text></svg>`;
  return c.body(svg, 200, {
    'Content-Type': 'image/svg+xml',
    'Cache-Control': 'public, max-age=86400',
  });
}
