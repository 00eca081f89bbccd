/** One response as a client saw it: what the scan reads. */
export type Recorded = { label: string; status: number; headers: [string, string][]; body: string };

export type ApiCall = {
  headers?: Record<string, string>;
  body?: unknown;
  rawBody?: string;
  /** Read an event stream for this long, then hang up. */
  streamMs?: number;
};

/** fetch against the API that keeps every response, headers and body, for the scan. */
export function recordedApi(baseUrl: string) {
  const responses: Recorded[] = [];

  async function call(method: string, path: string, options: ApiCall = {}) {
    const headers: Record<string, string> = { ...options.headers };
    let body = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['Content-Type'] = 'application/json';
    }
    const res = await fetch(`${baseUrl}/api/v1${path}`, { method, headers, body });
    let text: string;
    if (options.streamMs !== undefined) {
      const reader = res.body!.getReader();
      const chunks: Uint8Array[] = [];
      const stop = setTimeout(() => void reader.cancel(), options.streamMs);
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
      }
      clearTimeout(stop);
      text = Buffer.concat(chunks).toString('utf8');
    } else {
      text = await res.text();
    }
    const label = `#${responses.length + 1} ${method} ${path} → ${res.status}`;
    responses.push({ label, status: res.status, headers: [...res.headers.entries()], body: text });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the session reads ids loosely after the status check
    let parsed: any = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    return { status: res.status, body: parsed, headers: res.headers };
  }

  async function expectOk(method: string, path: string, options: ApiCall = {}) {
    const reply = await call(method, path, options);
    if (reply.status >= 300)
      throw new Error(`${method} ${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply;
  }

  return { responses, call, expectOk };
}
