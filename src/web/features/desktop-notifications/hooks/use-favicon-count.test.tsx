import { render } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useFaviconCount } from './use-favicon-count';

function Icon({ count }: { count: string | null }) {
  useFaviconCount(count);
  return null;
}

let link: HTMLLinkElement;
beforeEach(() => {
  link = document.createElement('link');
  link.rel = 'icon';
  link.href = '/favicon.svg';
  document.head.append(link);
});
afterEach(() => link.remove());

describe('the tab icon', () => {
  it('carries the waiting count and goes back to the plain icon when nothing waits', () => {
    const { rerender } = render(<Icon count="3" />);
    const href = link.getAttribute('href')!;
    expect(href.startsWith('data:image/svg+xml,')).toBe(true);
    expect(decodeURIComponent(href)).toContain('>3</text>');
    rerender(<Icon count="200+" />);
    expect(decodeURIComponent(link.getAttribute('href')!)).toContain('>99+</text>');
    rerender(<Icon count={null} />);
    expect(link.getAttribute('href')).toBe('/favicon.svg');
  });
});
