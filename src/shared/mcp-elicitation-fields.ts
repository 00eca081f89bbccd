import type { PrimitiveSchemaDefinition } from '@modelcontextprotocol/sdk/types.js';
import type { Question } from './requests';

/**
 * One field of an elicitation form (MCP's restricted `requestedSchema`: strings, numbers, booleans,
 * single- and multi-select enums) as a Countersign question, and the reviewer's typed answer read
 * back as the value the schema asks for.
 */

export type FieldValue = string | number | boolean | string[];

/** Answer this to leave an optional field out. */
export const skipAnswer = '-';

type Choice = { value: string; label: string };

function choicesOf(field: PrimitiveSchemaDefinition): Choice[] | null {
  if (field.type === 'string' && 'oneOf' in field) {
    return field.oneOf.map((o) => ({ value: o.const, label: o.title }));
  }
  if (field.type === 'string' && 'enum' in field) {
    const names = 'enumNames' in field ? field.enumNames : undefined;
    return field.enum.map((value, i) => ({ value, label: names?.[i] ?? value }));
  }
  if (field.type === 'array') {
    const items = field.items;
    if ('anyOf' in items) return items.anyOf.map((o) => ({ value: o.const, label: o.title }));
    return items.enum.map((value) => ({ value, label: value }));
  }
  return null;
}

const formatHints: Record<string, string> = {
  email: 'an email address',
  uri: 'a URL',
  date: 'a date, YYYY-MM-DD',
  'date-time': 'a date and time, e.g. 2026-12-04T15:00:00Z',
};

function hintOf(field: PrimitiveSchemaDefinition): string {
  switch (field.type) {
    case 'boolean':
      return '';
    case 'number':
    case 'integer': {
      const kind = field.type === 'integer' ? 'a whole number' : 'a number';
      const range =
        field.minimum !== undefined && field.maximum !== undefined
          ? ` from ${field.minimum} to ${field.maximum}`
          : field.minimum !== undefined
            ? ` of at least ${field.minimum}`
            : field.maximum !== undefined
              ? ` of at most ${field.maximum}`
              : '';
      return `${kind}${range}`;
    }
    case 'array':
      return 'pick any of the options, separated by commas';
    case 'string':
      if ('format' in field && field.format) return formatHints[field.format] ?? '';
      return '';
  }
}

/** The question a reviewer answers for one field, with what the answer must look like. */
export function fieldQuestion(
  id: string,
  name: string,
  field: PrimitiveSchemaDefinition,
  required: boolean,
  problem?: string,
): Question {
  const parts = [field.title ?? name];
  if (field.description) parts.push(field.description);
  const hint = hintOf(field);
  const notes = [hint, required ? '' : `optional: answer ${skipAnswer} to leave it out`].filter(
    Boolean,
  );
  let text = parts.join(': ');
  if (notes.length) text += ` (${notes.join('; ')})`;
  if (problem) text = `${problem}. ${text}`;
  const choices = choicesOf(field);
  const labels = field.type === 'boolean' ? ['Yes', 'No'] : choices?.map((c) => c.label);
  // Offered as buttons when a question can carry them (at most 50, each 1 to 500 characters).
  const asOptions =
    field.type !== 'array' &&
    labels !== undefined &&
    labels.length <= 50 &&
    labels.every((l) => l.trim() !== '' && l.length <= 500);
  if (labels && !asOptions) text += `. Options: ${labels.join(', ')}`;
  return {
    id,
    text: text.slice(0, 2000),
    ...(asOptions ? { options: labels } : {}),
    allowOther: !asOptions || !required,
  };
}

export type ParsedField =
  { ok: true; value: FieldValue | undefined } | { ok: false; problem: string };

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const datePattern = /^\d{4}-\d{2}-\d{2}$/;

/** YYYY-MM-DD naming a real day: Date.parse alone takes 2026-02-30 as 2 March. */
function isCalendarDate(value: string): boolean {
  if (!datePattern.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

function formatProblem(format: string | undefined, value: string): string | null {
  if (format === 'email' && !emailPattern.test(value)) return 'That was not an email address';
  if (format === 'uri' && !URL.canParse(value)) return 'That was not a URL';
  if (format === 'date' && !isCalendarDate(value)) {
    return 'That was not a date (YYYY-MM-DD)';
  }
  if (format === 'date-time' && (!value.includes('T') || Number.isNaN(Date.parse(value)))) {
    return 'That was not a date and time';
  }
  return null;
}

function pick(choices: Choice[], answer: string): string | undefined {
  const wanted = answer.trim().toLowerCase();
  return choices.find((c) => c.label.toLowerCase() === wanted || c.value.toLowerCase() === wanted)
    ?.value;
}

/** Reads the reviewer's answer as the field's value, or says what is wrong with it. */
export function parseField(
  field: PrimitiveSchemaDefinition,
  required: boolean,
  raw: string,
): ParsedField {
  const answer = raw.trim();
  if (answer === skipAnswer || answer === '') {
    return required
      ? { ok: false, problem: 'This one needs an answer' }
      : { ok: true, value: undefined };
  }
  switch (field.type) {
    case 'boolean': {
      const yes = ['yes', 'true', 'y'].includes(answer.toLowerCase());
      const no = ['no', 'false', 'n'].includes(answer.toLowerCase());
      return yes || no ? { ok: true, value: yes } : { ok: false, problem: 'Answer Yes or No' };
    }
    case 'number':
    case 'integer': {
      const value = Number(answer);
      if (answer === '' || !Number.isFinite(value))
        return { ok: false, problem: 'That was not a number' };
      if (field.type === 'integer' && !Number.isInteger(value)) {
        return { ok: false, problem: 'That was not a whole number' };
      }
      if (field.minimum !== undefined && value < field.minimum) {
        return { ok: false, problem: `That was below ${field.minimum}` };
      }
      if (field.maximum !== undefined && value > field.maximum) {
        return { ok: false, problem: `That was above ${field.maximum}` };
      }
      return { ok: true, value };
    }
    case 'array': {
      const choices = choicesOf(field) ?? [];
      const whole = pick(choices, answer);
      const parts = whole !== undefined ? [answer] : answer.split(/[,\n]/).filter((p) => p.trim());
      const values: string[] = [];
      for (const part of parts) {
        const value = pick(choices, part);
        if (value === undefined)
          return { ok: false, problem: `"${part.trim()}" is not one of the options` };
        if (!values.includes(value)) values.push(value);
      }
      if (field.minItems !== undefined && values.length < field.minItems) {
        return { ok: false, problem: `Pick at least ${field.minItems}` };
      }
      if (field.maxItems !== undefined && values.length > field.maxItems) {
        return { ok: false, problem: `Pick at most ${field.maxItems}` };
      }
      return { ok: true, value: values };
    }
    case 'string': {
      const choices = choicesOf(field);
      if (choices) {
        const value = pick(choices, answer);
        return value === undefined
          ? { ok: false, problem: 'Pick one of the options' }
          : { ok: true, value };
      }
      if (
        'minLength' in field &&
        field.minLength !== undefined &&
        answer.length < field.minLength
      ) {
        return { ok: false, problem: `That was shorter than ${field.minLength} characters` };
      }
      if (
        'maxLength' in field &&
        field.maxLength !== undefined &&
        answer.length > field.maxLength
      ) {
        return { ok: false, problem: `That was longer than ${field.maxLength} characters` };
      }
      const problem = formatProblem('format' in field ? field.format : undefined, answer);
      return problem ? { ok: false, problem } : { ok: true, value: answer };
    }
  }
}
