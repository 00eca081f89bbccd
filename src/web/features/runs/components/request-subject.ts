import type { Request } from '../../../../shared/requests';

const clip = (value: string, max = 120) => {
  const line = value.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};

/** Markdown reduced to its words, for a one-line preview. */
const plain = (markdown: string) =>
  markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s*(?:#{1,6}|>)\s*/gm, '')
    .replace(/\*+|`+|~~/g, '')
    .trim();

/** A one-line name for a request, for card headings and compact lists. */
export function requestSubject(request: Request): string {
  switch (request.kind) {
    case 'questions': {
      const count = request.questions.length;
      return count === 1 ? '1 question' : `${count} questions`;
    }
    case 'tool':
      return request.tool;
    case 'plan':
      return 'Approve the plan?';
    case 'review':
      return request.title ? clip(request.title) : 'Review the output';
    case 'message':
      return clip(plain(request.message), 80);
    case 'takeover':
      return 'Take over the browser';
  }
}

/** The heading of an answer card; a message's text is the card's body, so its heading doesn't repeat it. */
export function cardHeading(request: Request): string {
  return request.kind === 'message' ? 'The agent needs a reply' : requestSubject(request);
}
