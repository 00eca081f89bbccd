/** The app's one service worker (public/sw.js): Web Push only, no fetch handler, no caching. */
export const serviceWorkerUrl = '/sw.js';

/** Registers the service worker where the browser has them; a failure leaves the app as it was. */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register(serviceWorkerUrl, { scope: '/' }).catch(() => {
    // Push is then unavailable on this device; the preferences say so when asked.
  });
}
