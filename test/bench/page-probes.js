// Loaded into benchmarked pages with addInitScript({ path }); plain browser JavaScript, never bundled.
// Every time is performance.now(): milliseconds since performance.timeOrigin, the page's own clock.
(() => {
  /** Resolves just after the next frame is produced: rAF runs before paint, a message task after it. */
  const afterNextPaint = () =>
    new Promise((resolve) => {
      requestAnimationFrame(() => {
        const rafMs = performance.now();
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve({ rafMs, paintMs: performance.now() });
        channel.port2.postMessage(null);
      });
    });

  const matches = (selector, text) =>
    [...document.querySelectorAll(selector)].some(
      (el) => text === undefined || (el.textContent ?? '').includes(text),
    );

  /** Waits until `condition()` holds after a DOM change, then for the frame that shows it. */
  const whenDom = (condition, timeoutMs) =>
    new Promise((resolve, reject) => {
      let observer = null;
      const timer = setTimeout(() => {
        observer?.disconnect();
        reject(new Error(`no matching DOM change within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = () => {
        const mutationMs = performance.now();
        observer?.disconnect();
        clearTimeout(timer);
        afterNextPaint().then((frame) => resolve({ mutationMs, ...frame }));
      };
      observer = new MutationObserver(() => {
        if (condition()) done();
      });
      observer.observe(document, { childList: true, subtree: true, characterData: true });
    });

  const clicks = [];
  document.addEventListener(
    'click',
    (event) => clicks.push({ nowMs: performance.now(), eventMs: event.timeStamp }),
    true,
  );
  const keys = [];
  document.addEventListener(
    'keydown',
    (event) => keys.push({ key: event.key, nowMs: performance.now(), eventMs: event.timeStamp }),
    true,
  );

  window.__bench = {
    clicks,
    keys,
    afterNextPaint,
    /** Resolves when an element matching `selector` whose text contains `text` appears and is painted. */
    whenText: (selector, text, timeoutMs = 10_000) =>
      whenDom(() => matches(selector, text), timeoutMs),
    /** Resolves when the DOM under the first `selector` changes and is painted. */
    whenChanged: (selector, timeoutMs = 10_000) => {
      const root = document.querySelector(selector);
      if (!root) return Promise.reject(new Error(`nothing matches ${selector}`));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          observer.disconnect();
          reject(new Error(`${selector} did not change within ${timeoutMs} ms`));
        }, timeoutMs);
        const observer = new MutationObserver(() => {
          const mutationMs = performance.now();
          observer.disconnect();
          clearTimeout(timer);
          afterNextPaint().then((frame) => resolve({ mutationMs, ...frame }));
        });
        observer.observe(root, {
          childList: true,
          subtree: true,
          characterData: true,
          attributes: true,
        });
      });
    },
    /**
     * Starts watching for the set of rows in `gridSelector` to differ from now; `rowsChanged` resolves
     * once that frame is painted. Started before the input it waits for, so it cannot miss it.
     */
    watchRows: (gridSelector, timeoutMs = 10_000) => {
      const rows = () =>
        [...document.querySelectorAll(`${gridSelector} [role="row"] a[href]`)]
          .map((a) => a.getAttribute('href'))
          .join(' ');
      const before = rows();
      window.__bench.rowsChanged = whenDom(() => rows() !== before, timeoutMs);
    },
    rowsChanged: null,
    /** At the moment the page first shows `selector` (with `text`), notes the scripts fetched so far. */
    recordScriptsWhen: (selector, text) => {
      const observer = new MutationObserver(() => {
        if (window.__benchLoaded || !matches(selector, text)) return;
        observer.disconnect();
        const readyMs = performance.now();
        const scripts = performance
          .getEntriesByType('resource')
          .filter(
            (entry) => entry.startTime <= readyMs && /\.m?js$/.test(new URL(entry.name).pathname),
          )
          .map((entry) => entry.name);
        window.__benchLoaded = { scripts, readyMs };
      });
      observer.observe(document, { childList: true, subtree: true });
    },
    /** Frame start times for `durationMs`, scrolling the window by `pixelsPerFrame` each frame. */
    scrollFrames: (durationMs, pixelsPerFrame) =>
      new Promise((resolve) => {
        const frames = [];
        const start = performance.now();
        const step = (time) => {
          frames.push(time);
          if (time - start >= durationMs) {
            resolve({ frames, scrollY: window.scrollY });
            return;
          }
          window.scrollBy(0, pixelsPerFrame);
          requestAnimationFrame(step);
        };
        requestAnimationFrame(step);
      }),
  };
})();
