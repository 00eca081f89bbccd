import type { Page } from '@playwright/test';

/**
 * Markup in the rendered page that could run or load something: handler attributes, script-bearing
 * URLs, scripts, frames, plugins, base and refresh tags, remote styles. Text that merely shows a
 * payload is fine; this looks only at elements and attributes. Every frame but the live view is read.
 */
export async function findDangerousMarkup(page: Page, liveOrigin: string): Promise<string[]> {
  const found: string[] = [];
  for (const frame of page.frames()) {
    if (frame.url().startsWith(liveOrigin)) continue;
    found.push(
      ...(await frame.evaluate((live) => {
        const problems: string[] = [];
        const show = (el: Element) => el.outerHTML.slice(0, 160);
        const urlAttributes = new Set([
          'href',
          'src',
          'action',
          'formaction',
          'xlink:href',
          'data',
          'background',
          'poster',
          'ping',
          'srcset',
          'codebase',
        ]);
        const scriptUrl = /^(javascript|vbscript|data:text|data:application|data:image\/svg)/i;
        const sameOrigin = (url: string) => {
          try {
            return new URL(url, location.href).origin === location.origin;
          } catch {
            return false;
          }
        };
        for (const el of Array.from(document.querySelectorAll('*'))) {
          const tag = el.tagName.toLowerCase();
          for (const attribute of Array.from(el.attributes)) {
            const name = attribute.name.toLowerCase();
            // Browsers ignore control characters and spaces inside a URL's scheme.
            const value = Array.from(attribute.value)
              .filter((ch) => ch.charCodeAt(0) > 0x20)
              .join('');
            if (name.startsWith('on')) problems.push(`handler attribute ${name}: ${show(el)}`);
            else if (name === 'srcdoc') problems.push(`srcdoc: ${show(el)}`);
            else if (urlAttributes.has(name) && scriptUrl.test(value))
              problems.push(`script URL in ${name}: ${show(el)}`);
            else if (name === 'style' && /url\(|expression\(|@import|behavior:/i.test(value))
              problems.push(`style that loads or runs: ${show(el)}`);
          }
          if (
            tag === 'script' &&
            !((el as HTMLScriptElement).src && sameOrigin((el as HTMLScriptElement).src))
          )
            problems.push(`script: ${show(el)}`);
          if (['frame', 'frameset', 'object', 'embed', 'applet', 'portal', 'base'].includes(tag))
            problems.push(`${tag}: ${show(el)}`);
          if (tag === 'iframe' && !(el as HTMLIFrameElement).src.startsWith(`${live}/`))
            problems.push(`iframe: ${show(el)}`);
          if (tag === 'meta' && el.hasAttribute('http-equiv')) problems.push(`meta: ${show(el)}`);
          if (tag === 'link' && !sameOrigin((el as HTMLLinkElement).href))
            problems.push(`link: ${show(el)}`);
          if (tag === 'style' && /@import|url\(\s*['"]?(https?:)?\/\//i.test(el.textContent ?? ''))
            problems.push(`style element that loads: ${show(el)}`);
        }
        return problems;
      }, liveOrigin)),
    );
  }
  return found;
}
