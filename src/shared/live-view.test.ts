import { describe, expect, it } from 'vitest';
import { defaultSandbox, httpOrigin, liveViewSandbox, platformSandbox } from './live-view';

describe('live view sandbox', () => {
  it('lets the documented platform live views keep their own origin', () => {
    expect(liveViewSandbox('https://live.anchorbrowser.io?sessionId=abc')).toBe(platformSandbox);
    expect(liveViewSandbox('https://live.browser-use.com/?wss=x')).toBe(platformSandbox);
    expect(platformSandbox).toBe('allow-scripts allow-same-origin');
  });

  it('runs any other live view in an opaque origin, with scripts and forms only', () => {
    expect(liveViewSandbox('http://127.0.0.1:8788/s/1')).toBe(defaultSandbox);
    expect(liveViewSandbox('https://live.anchorbrowser.io.evil.example/')).toBe(defaultSandbox);
    expect(liveViewSandbox('http://live.anchorbrowser.io/')).toBe(defaultSandbox);
    expect(defaultSandbox).not.toContain('allow-same-origin');
  });

  it('gives an unreadable URL the strictest sandbox', () => {
    expect(liveViewSandbox('not a url')).toBe('');
  });

  it('reads http(s) origins only', () => {
    expect(httpOrigin('https://a.example:8443/x?y')).toBe('https://a.example:8443');
    expect(httpOrigin('javascript:alert(1)')).toBeNull();
    expect(httpOrigin('nope')).toBeNull();
  });
});
