import { ownRecordOf } from '../../../shared/own-keys';
import type { Match, Pin } from '../../../shared/rule-match';

export const pinOperators = ['eq', 'in', 'lte', 'gte'] as const;
export type PinOperator = (typeof pinOperators)[number];

export const operatorLabels: Record<PinOperator, string> = {
  eq: 'equals',
  in: 'is one of',
  lte: 'at most',
  gte: 'at least',
};

/** One pin as typed: the argument's pointer, a condition and its value as text. */
export type PinDraft = { pointer: string; op: PinOperator; value: string };

/** A rule's scope as typed into the form; `days` and `maxUses` empty mean no limit. */
export type ScopeDraft = { pins: PinDraft[]; days: string; maxUses: string };

export type ScopeValue = { match: Match | null; expiresAt: string | null; maxUses: number | null };

export type ScopeResult =
  { ok: true; value: ScopeValue } | { ok: false; errors: Record<string, string> };

const pointerPattern = /^(\/([^~/]|~[01])*)*$/;
const dayMs = 24 * 60 * 60 * 1000;

export function draftFromMatch(match: Match | null): PinDraft[] {
  const pins: PinDraft[] = [];
  for (const [pointer, pin] of Object.entries(match ?? {})) {
    if (Object.hasOwn(pin, 'eq')) pins.push({ pointer, op: 'eq', value: JSON.stringify(pin.eq) });
    if (pin.in) pins.push({ pointer, op: 'in', value: JSON.stringify(pin.in) });
    if (pin.lte !== undefined) pins.push({ pointer, op: 'lte', value: String(pin.lte) });
    if (pin.gte !== undefined) pins.push({ pointer, op: 'gte', value: String(pin.gte) });
  }
  return pins;
}

/** JSON when it reads as JSON (`25`, `"25"`, `true`, `{…}`), else the text itself: `EUR` means "EUR". */
function jsonOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function parseValue(pin: PinDraft): { value: unknown } | { error: string } {
  const text = pin.value.trim();
  if (pin.op === 'eq') return { value: jsonOrText(text) };
  if (pin.op === 'in') {
    if (text === '') return { error: 'List one value or more, separated by commas' };
    const list = text.startsWith('[')
      ? jsonOrText(text)
      : text.split(',').map((part) => jsonOrText(part.trim()));
    if (!Array.isArray(list) || list.length === 0) {
      return { error: 'List one value or more, separated by commas' };
    }
    return { value: list };
  }
  const number = Number(text);
  if (text === '' || !Number.isFinite(number)) return { error: 'Enter a number' };
  return { value: number };
}

function wholeNumber(text: string, max: number): number | null | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const number = Number(trimmed);
  return Number.isInteger(number) && number >= 1 && number <= max ? number : undefined;
}

/** Checks the typed scope and turns it into the API's shape, with errors keyed `pins.0.value`, `days`, … */
export function scopeFromDraft(draft: ScopeDraft, now = Date.now()): ScopeResult {
  const errors: Record<string, string> = {};
  const pins = new Map<string, Pin>();
  draft.pins.forEach((pin, index) => {
    const pointer = pin.pointer.trim();
    if (!pointerPattern.test(pointer)) {
      errors[`pins.${index}.pointer`] = 'Start with / and name the argument, such as /amount';
      return;
    }
    const parsed = parseValue(pin);
    if ('error' in parsed) {
      errors[`pins.${index}.value`] = parsed.error;
      return;
    }
    const current = pins.get(pointer) ?? {};
    if (Object.hasOwn(current, pin.op)) {
      errors[`pins.${index}.pointer`] = `${pointer} already has this condition`;
      return;
    }
    pins.set(pointer, { ...current, [pin.op]: parsed.value });
  });
  const days = wholeNumber(draft.days, 3650);
  if (days === undefined) errors.days = 'Enter whole days from 1 to 3650, or leave it empty';
  const maxUses = wholeNumber(draft.maxUses, 1_000_000);
  if (maxUses === undefined) errors.maxUses = 'Enter a whole number from 1, or leave it empty';
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    value: {
      match: pins.size ? ownRecordOf(pins) : null,
      expiresAt: days ? new Date(now + days * dayMs).toISOString() : null,
      maxUses: maxUses ?? null,
    },
  };
}
