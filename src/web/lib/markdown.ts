import DOMPurify from 'dompurify';
import { Marked } from 'marked';

const INLINE_IMAGE = /^data:image\/(?:png|gif|jpeg|webp);base64,[a-z0-9+/=\s]+$/i;

const escapeText = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function createMarked(headingOffset: number) {
  return new Marked({
    gfm: true,
    breaks: false,
    async: false,
    walkTokens(token) {
      if (token.type === 'heading') token.depth = Math.min(6, token.depth + headingOffset);
    },
    renderer: {
      // Raw HTML is shown as the text the agent wrote, never parsed: the reviewer sees exactly what was sent.
      html({ text }) {
        return escapeText(text);
      },
      // Remote images would tell whoever wrote the text the reviewer's IP and when they looked.
      image({ href, text }) {
        if (INLINE_IMAGE.test(href)) return false;
        return escapeText(text ? `[image: ${text}]` : '[image]');
      },
    },
  });
}

const parsers = new Map<number, Marked>();
function parserFor(headingOffset: number) {
  let parser = parsers.get(headingOffset);
  if (!parser) {
    parser = createMarked(headingOffset);
    parsers.set(headingOffset, parser);
  }
  return parser;
}

const ALLOWED_TAGS = [
  'a',
  'b',
  'blockquote',
  'br',
  'code',
  'del',
  'details',
  'em',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'i',
  'img',
  'kbd',
  'li',
  'ol',
  'p',
  'pre',
  's',
  'strong',
  'sub',
  'summary',
  'sup',
  'table',
  'tbody',
  'td',
  'th',
  'thead',
  'tr',
  'ul',
];
const ALLOWED_ATTR = ['href', 'title', 'alt', 'src', 'align', 'colspan', 'rowspan', 'start'];
const LINK_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

function isAllowedLink(href: string) {
  try {
    return LINK_PROTOCOLS.has(new URL(href).protocol);
  } catch {
    return false;
  }
}

let purifier: ReturnType<typeof DOMPurify> | undefined;

/** A private DOMPurify instance, so these hooks never leak into other callers of the library. */
function getPurifier() {
  if (purifier) return purifier;
  const instance = DOMPurify(window);
  instance.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName === 'A') {
      const href = node.getAttribute('href');
      if (href !== null && !isAllowedLink(href)) node.removeAttribute('href');
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    }
    if (node.tagName === 'IMG' && !INLINE_IMAGE.test(node.getAttribute('src') ?? '')) {
      node.removeAttribute('src');
    }
  });
  purifier = instance;
  return instance;
}

type RenderOptions = {
  /** Added to every heading level (capped at h6), so agent headings sit below the page's own. */
  headingOffset?: number;
};

/**
 * Renders untrusted markdown to HTML that is safe to insert: raw HTML in the source is escaped to text, and the
 * output is sanitised again, so no scripts, handlers, styles, forms, frames, remote loads or unsafe links remain.
 */
export function renderMarkdown(
  markdown: string,
  { headingOffset = 0 }: RenderOptions = {},
): string {
  const html = parserFor(headingOffset).parse(markdown, { async: false });
  return getPurifier().sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
  });
}
