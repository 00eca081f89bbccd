import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { server } from '../testing/msw/server';
import { loadChunk } from './load-chunk';

const chunkError = () =>
  new TypeError('Failed to fetch dynamically imported module: /assets/run.js');

describe('loadChunk', () => {
  afterEach(() => vi.restoreAllMocks());

  it('tries a failed chunk again, so a server blip does not break the page', async () => {
    const load = vi
      .fn<() => Promise<string>>()
      .mockRejectedValueOnce(chunkError())
      .mockRejectedValueOnce(chunkError())
      .mockResolvedValue('run page');
    await expect(loadChunk(load, [1, 1, 1])).resolves.toBe('run page');
    expect(load).toHaveBeenCalledTimes(3);
  });

  it('reloads the page once the server answers when the chunk stays gone (a newer build)', async () => {
    const reload = vi.spyOn(window.location, 'reload').mockImplementation(() => undefined);
    let down = true;
    server.use(
      http.get('*/api/v1/me', () =>
        down ? HttpResponse.error() : HttpResponse.json({}, { status: 401 }),
      ),
    );
    const load = vi.fn<() => Promise<string>>().mockRejectedValue(chunkError());
    void loadChunk(load, [1, 1]);
    await vi.waitFor(() => expect(load).toHaveBeenCalledTimes(3));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(reload).not.toHaveBeenCalled();
    down = false;
    await vi.waitFor(() => expect(reload).toHaveBeenCalledTimes(1), { timeout: 4000 });

    // A page that keeps failing after its reload shows the error instead of reloading in a loop.
    await expect(loadChunk(load, [1])).rejects.toThrow(
      'Failed to fetch dynamically imported module',
    );
    expect(reload).toHaveBeenCalledTimes(1);
  });
});
