import { afterEach, describe, expect, it } from 'vitest';
import { applyTheme, getStoredTheme, initTheme, setTheme } from './theme';

const isDark = () => document.documentElement.classList.contains('dark');

describe('theme', () => {
  afterEach(() => document.documentElement.classList.remove('dark'));

  it('stores the choice and applies it to <html>', () => {
    setTheme('dark');
    expect(isDark()).toBe(true);
    expect(getStoredTheme()).toBe('dark');
    setTheme('light');
    expect(isDark()).toBe(false);
    expect(getStoredTheme()).toBe('light');
  });

  it('falls back to system for a missing or unknown value', () => {
    expect(getStoredTheme()).toBe('system');
    localStorage.setItem('countersign.theme', 'sepia');
    expect(getStoredTheme()).toBe('system');
  });

  it('applies the stored choice before the first render', () => {
    localStorage.setItem('countersign.theme', 'dark');
    initTheme();
    expect(isDark()).toBe(true);
    applyTheme('light');
    expect(isDark()).toBe(false);
  });
});
