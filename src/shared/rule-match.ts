import { jsonEqual } from './json-diff';
import { ownRecordOf } from './own-keys';

/** One argument pin: every operator given must hold for the value the pointer finds. */
export type Pin = { eq?: unknown; in?: unknown[]; lte?: number; gte?: number };
/** Pins by JSON pointer (RFC 6901) into a tool call's input. */
export type Match = Record<string, Pin>;

export const maxPins = 50;

type Found = { found: true; value: unknown } | { found: false };

const arrayIndex = /^(0|[1-9]\d*)$/;

/** The value at `pointer` in `doc`, reading only own properties (so `/__proto__` is an ordinary name). */
export function resolvePointer(doc: unknown, pointer: string): Found {
  if (pointer === '') return { found: true, value: doc };
  let current = doc;
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (Array.isArray(current)) {
      if (!arrayIndex.test(token) || Number(token) >= current.length) return { found: false };
      current = current[Number(token)];
    } else if (current !== null && typeof current === 'object' && Object.hasOwn(current, token)) {
      current = (current as Record<string, unknown>)[token];
    } else {
      return { found: false };
    }
  }
  return { found: true, value: current };
}

export const pointerFor = (key: string) => `/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;

function pinHolds(pin: Pin, value: unknown): boolean {
  if (Object.hasOwn(pin, 'eq') && !jsonEqual(value, pin.eq)) return false;
  if (pin.in && !pin.in.some((option) => jsonEqual(value, option))) return false;
  if (pin.lte !== undefined && !(typeof value === 'number' && value <= pin.lte)) return false;
  if (pin.gte !== undefined && !(typeof value === 'number' && value >= pin.gte)) return false;
  return true;
}

/** Whether every pin holds for `input`; an argument a pin names but the input lacks never matches. */
export function matchesPins(match: Match | null, input: unknown): boolean {
  if (!match) return true;
  return Object.entries(match).every(([pointer, pin]) => {
    const found = resolvePointer(input, pointer);
    return found.found && pinHolds(pin, found.value);
  });
}

/**
 * Pins each top-level argument to its current value, so a remembered approval covers this call and
 * calls like it until an admin widens it. An input with no arguments, or too many, is pinned whole.
 */
export function pinsForInput(input: Record<string, unknown>): Match {
  const keys = Object.keys(input);
  if (keys.length === 0 || keys.length > maxPins) return ownRecordOf([['', { eq: input }]]);
  return ownRecordOf(keys.map((key) => [pointerFor(key), { eq: input[key] }] as const));
}

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? 'null';
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

/** One pin in words: `/amount ≤ 50`, `/currency = "EUR"`, `/country one of "DE", "FR"`. */
export function describePin(pointer: string, pin: Pin): string {
  const name = pointer === '' ? 'the whole input' : pointer;
  const parts: string[] = [];
  if (Object.hasOwn(pin, 'eq')) parts.push(`= ${shown(pin.eq)}`);
  if (pin.in) parts.push(`one of ${pin.in.map(shown).join(', ')}`);
  if (pin.gte !== undefined) parts.push(`≥ ${pin.gte}`);
  if (pin.lte !== undefined) parts.push(`≤ ${pin.lte}`);
  return `${name} ${parts.join(' and ')}`;
}

export function describeMatch(match: Match | null): string | null {
  if (!match || Object.keys(match).length === 0) return null;
  return Object.entries(match)
    .map(([pointer, pin]) => describePin(pointer, pin))
    .join(', ');
}
