import { describe, expect, it } from 'vitest';
import { fieldQuestion, parseField } from './mcp-elicitation-fields';

describe('elicitation fields as questions', () => {
  it('offers a required choice as buttons only, an optional one with a free answer for "-"', () => {
    const cabin = {
      type: 'string' as const,
      title: 'Cabin',
      oneOf: [
        { const: 'eco', title: 'Economy' },
        { const: 'biz', title: 'Business' },
      ],
    };
    expect(fieldQuestion('f1', 'cabin', cabin, true)).toEqual({
      id: 'f1',
      text: 'Cabin',
      options: ['Economy', 'Business'],
      allowOther: false,
    });
    expect(fieldQuestion('f1', 'cabin', cabin, false)).toMatchObject({
      text: 'Cabin (optional: answer - to leave it out)',
      allowOther: true,
    });
  });

  it('lists more than 50 choices in the text instead of as buttons', () => {
    const many = Array.from({ length: 60 }, (_, i) => `c${i}`);
    const question = fieldQuestion('f1', 'code', { type: 'string', enum: many }, true);
    expect(question.options).toBeUndefined();
    expect(question.allowOther).toBe(true);
    expect(question.text).toContain('c59');
  });
});

describe('answers read as the field asks', () => {
  it('reads numbers within their range and refuses the rest, saying why', () => {
    const nights = { type: 'integer' as const, minimum: 1, maximum: 14 };
    expect(parseField(nights, true, ' 3 ')).toEqual({ ok: true, value: 3 });
    expect(parseField(nights, true, '2.5')).toEqual({
      ok: false,
      problem: 'That was not a whole number',
    });
    expect(parseField(nights, true, '15')).toMatchObject({ ok: false });
    expect(parseField(nights, true, 'Infinity')).toMatchObject({ ok: false });
    expect(parseField({ type: 'number' }, true, '1e3')).toEqual({ ok: true, value: 1000 });
  });

  it('reads Yes/No, formats, multi-select and skipped optional fields', () => {
    expect(parseField({ type: 'boolean' }, true, 'yes')).toEqual({ ok: true, value: true });
    expect(parseField({ type: 'boolean' }, true, 'maybe')).toMatchObject({ ok: false });
    expect(parseField({ type: 'string', format: 'date' }, true, '2026-02-30')).toMatchObject({
      ok: false,
    });
    expect(parseField({ type: 'string', format: 'date' }, true, '2028-02-29')).toEqual({
      ok: true,
      value: '2028-02-29',
    });
    expect(parseField({ type: 'string', format: 'uri' }, true, 'https://a.example/x')).toEqual({
      ok: true,
      value: 'https://a.example/x',
    });
    const extras = {
      type: 'array' as const,
      maxItems: 2,
      items: { type: 'string' as const, enum: ['bag', 'seat', 'meal'] },
    };
    expect(parseField(extras, false, 'Seat, bag, seat')).toEqual({
      ok: true,
      value: ['seat', 'bag'],
    });
    expect(parseField(extras, false, 'bag, seat, meal')).toEqual({
      ok: false,
      problem: 'Pick at most 2',
    });
    expect(parseField(extras, false, 'lounge')).toMatchObject({ ok: false });
    expect(parseField(extras, false, '-')).toEqual({ ok: true, value: undefined });
    expect(parseField({ type: 'string' }, true, '-')).toMatchObject({ ok: false });
  });
});
