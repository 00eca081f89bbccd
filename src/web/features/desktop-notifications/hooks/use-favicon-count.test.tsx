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
    expect(link.getAttribute('href')).toBe('/waiting-icon.svg?count=3');
    rerender(<Icon count="200+" />);
    expect(link.getAttribute('href')).toBe('/waiting-icon.svg?count=200%2B');
    rerender(<Icon count={null} />);
    expect(link.getAttribute('href')).toBe('/favicon.svg');
  });
});
