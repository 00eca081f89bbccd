const reloadKey = 'countersign:chunk-reload-at';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until the server answers again (any HTTP reply), checking every two seconds. */
async function untilServerAnswers(): Promise<void> {
  for (;;) {
    try {
      const res = await fetch('/api/v1/me', { cache: 'no-store', credentials: 'same-origin' });
      if (res.status < 500) return;
    } catch {
      // Still down.
    }
    await sleep(2000);
  }
}

function reloadedRecently(): boolean {
  try {
    return Date.now() - Number(sessionStorage.getItem(reloadKey) ?? 0) < 30_000;
  } catch {
    return true;
  }
}

/**
 * Loads a lazy part of the app, surviving a server blip and a redeploy. A failed load is tried again a
 * few times; if it still fails, either the server is down or this tab runs an older build whose files are
 * gone. Either way, once the server answers, the page is loaded afresh (at most once in 30 s): that is the
 * safe moment, between pages, and typed drafts are kept in storage across it.
 */
export async function loadChunk<T>(load: () => Promise<T>, retryDelaysMs = [300, 1000, 3000]) {
  for (const delay of retryDelaysMs) {
    try {
      return await load();
    } catch {
      await sleep(delay);
    }
  }
  try {
    return await load();
  } catch (error) {
    if (reloadedRecently()) throw error;
    await untilServerAnswers();
    try {
      sessionStorage.setItem(reloadKey, String(Date.now()));
    } catch {
      throw error;
    }
    window.location.reload();
    return new Promise<T>(() => undefined);
  }
}
