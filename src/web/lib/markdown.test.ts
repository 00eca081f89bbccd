import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown';

function parse(markdown: string) {
  const template = document.createElement('template');
  template.innerHTML = renderMarkdown(markdown);
  return template.content;
}

function everyAttribute(root: DocumentFragment) {
  return [...root.querySelectorAll('*')].flatMap((el) =>
    [...el.attributes].map((attr) => ({ tag: el.tagName, name: attr.name, value: attr.value })),
  );
}

const payloads = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<img src="https://evil.example/x.png" onerror="alert(1)">',
  '[click](javascript:alert(1))',
  '[click](JaVaScRiPt:alert(1))',
  '[click](  javascript:alert(1))',
  '<a href="javascript&colon;alert(1)">x</a>',
  '<svg onload=alert(1)><circle r="1"/></svg>',
  '<svg><script>alert(1)</script></svg>',
  '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<form action="https://evil.example"><button>Go</button></form>',
  '<style>body{display:none}</style>',
  '<div style="position:fixed;inset:0">cover</div>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<details open ontoggle=alert(1)>x</details>',
  '<object data="javascript:alert(1)"></object>',
  '<embed src="javascript:alert(1)">',
  '<body onload=alert(1)>',
  '<a href="https://ok.example" onclick="alert(1)">x</a>',
  '<table background="https://evil.example/t.png"><tr><td>x</td></tr></table>',
  '<p class="fixed inset-0" id="root">x</p>',
];

describe('renderMarkdown', () => {
  it('renders ordinary markdown', () => {
    const root = parse('# Plan\n\n1. Find the **order**\n2. Refund it\n\n`code`');
    expect(root.querySelector('h1')?.textContent).toBe('Plan');
    expect(root.querySelectorAll('ol > li')).toHaveLength(2);
    expect(root.querySelector('strong')?.textContent).toBe('order');
    expect(root.querySelector('code')?.textContent).toBe('code');
  });

  it.each(payloads)('leaves nothing executable of %s', (payload) => {
    const root = parse(payload);
    expect(
      root.querySelector('script, style, iframe, form, svg, math, object, embed, body'),
    ).toBeNull();
    for (const attr of everyAttribute(root)) {
      expect(attr.name).not.toMatch(/^on/i);
      expect(['style', 'class', 'id', 'srcdoc', 'background', 'action']).not.toContain(attr.name);
      if (attr.name === 'href' || attr.name === 'src') {
        expect(attr.value).not.toMatch(/^\s*(javascript|data:text|vbscript)/i);
      }
    }
  });

  it('cleans every payload when they all come in one document', () => {
    const root = parse(payloads.join('\n\n'));
    expect(root.querySelector('script, style, iframe, form, svg, math, object, embed')).toBeNull();
    for (const attr of everyAttribute(root)) {
      expect(attr.name).not.toMatch(/^on/i);
      if (attr.name === 'href') expect(attr.value).toMatch(/^https:/);
    }
    expect(root.querySelectorAll('img[src]')).toHaveLength(0);
  });

  it('opens links in a new tab without leaking the opener or referrer', () => {
    const link = parse('[docs](https://example.com/docs)').querySelector('a');
    expect(link?.getAttribute('href')).toBe('https://example.com/docs');
    expect(link?.getAttribute('target')).toBe('_blank');
    expect(link?.getAttribute('rel')).toBe('noopener noreferrer');
  });

  it('keeps mailto links and drops the href of any other scheme or relative path', () => {
    expect(parse('[mail](mailto:a@example.com)').querySelector('a')?.getAttribute('href')).toBe(
      'mailto:a@example.com',
    );
    for (const href of [
      'javascript:alert(1)',
      '/settings',
      'ftp://x.example/f',
      '#top',
      'vbscript:x',
    ]) {
      const link = parse(`[x](${href})`).querySelector('a');
      expect(link).not.toBeNull();
      expect(link?.hasAttribute('href')).toBe(false);
    }
  });

  it('shows raw HTML as the text that was written', () => {
    const root = parse('Hello <b onclick="x()">bold</b>\n\n<div class="fixed">block</div>');
    expect(root.querySelector('b, div')).toBeNull();
    expect(root.textContent).toContain('<b onclick="x()">bold</b>');
    expect(root.textContent).toContain('<div class="fixed">block</div>');
  });

  it('moves headings down by the offset, never past h6', () => {
    const root = document.createElement('template');
    root.innerHTML = renderMarkdown('# One\n\n### Three\n\n##### Five', { headingOffset: 3 });
    expect([...root.content.querySelectorAll('h4, h5, h6')].map((h) => h.tagName)).toEqual([
      'H4',
      'H6',
      'H6',
    ]);
  });

  it('replaces remote images with their alt text so no request leaves the page', () => {
    const root = parse(
      '![a cat](https://evil.example/cat.png) ![x](/me.png) ![](//evil.example/t.gif)',
    );
    expect(root.querySelectorAll('img[src]')).toHaveLength(0);
    expect(root.textContent).toContain('[image: a cat]');
  });

  it('keeps inline raster images', () => {
    const src = 'data:image/png;base64,iVBORw0KGgo=';
    expect(parse(`![dot](${src})`).querySelector('img')?.getAttribute('src')).toBe(src);
    expect(parse('![x](data:image/svg+xml;base64,PHN2Zz4=)').querySelector('img[src]')).toBeNull();
  });
});
