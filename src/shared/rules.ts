import * as z from 'zod/mini';
import { idSchema, isoDateSchema } from './common';
import { ownRecord } from './own-keys';
import { maxPins, type Match } from './rule-match';

/** `approve`: approved at once. `countersign`: held until `approvals` different people approve. */
export const ruleEffects = ['approve', 'countersign'] as const;
export const ruleEffectSchema = z.enum(ruleEffects);
export type RuleEffect = z.infer<typeof ruleEffectSchema>;

/** "" (the whole input) or `/name/0/…`, with `~0` for `~` and `~1` for `/` (RFC 6901). */
const pointerPattern = /^(\/([^~/]|~[01])*)*$/;

export const pinSchema = z.strictObject({
  eq: z.optional(z.unknown()),
  in: z.optional(z.array(z.unknown()).check(z.minLength(1), z.maxLength(100))),
  lte: z.optional(z.number().check(z.refine(Number.isFinite, 'Must be a finite number'))),
  gte: z.optional(z.number().check(z.refine(Number.isFinite, 'Must be a finite number'))),
});

const hasOperator = (pin: Record<string, unknown>) =>
  ['eq', 'in', 'lte', 'gte'].some((op) => Object.hasOwn(pin, op));

/** `{ "/amount": { "lte": 50 }, "/currency": { "eq": "EUR" } }`: every pin must hold for a call to match. */
export const matchSchema = z.pipe(
  ownRecord(pinSchema),
  z.transform((match, ctx) => {
    const pointers = Object.keys(match);
    if (pointers.length > maxPins) {
      ctx.issues.push({ code: 'custom', input: match, message: `At most ${maxPins} pins` });
    }
    for (const pointer of pointers) {
      if (pointer.length > 300 || !pointerPattern.test(pointer)) {
        ctx.issues.push({
          code: 'custom',
          input: pointer,
          path: [pointer],
          message: 'Name an argument as a JSON pointer, such as /amount',
        });
      } else if (!hasOperator(match[pointer]!)) {
        ctx.issues.push({
          code: 'custom',
          input: match[pointer],
          path: [pointer],
          message: 'Give eq, in, lte or gte',
        });
      }
    }
    if (JSON.stringify(match).length > 20_000) {
      ctx.issues.push({ code: 'custom', input: match, message: 'The pins are too long' });
    }
    return match as Match;
  }),
);

const customerSchema = z.nullable(z.string().check(z.trim(), z.minLength(1), z.maxLength(200)));
const maxUsesSchema = z.number().check(z.int(), z.gte(1), z.lte(1_000_000));

export const ruleSchema = z.object({
  id: idSchema,
  /** `null` means every customer. */
  customer: z.nullable(z.string()),
  tool: z.string(),
  effect: ruleEffectSchema,
  /** Argument pins; `null` means any input. */
  match: z.nullable(matchSchema),
  /** With `countersign`: how many different people must approve (2 to 5). */
  approvals: z.nullable(z.number()),
  expiresAt: z.nullable(isoDateSchema),
  maxUses: z.nullable(z.number()),
  /** When an admin paused it; a paused rule decides nothing. */
  pausedAt: z.nullable(isoDateSchema),
  createdBy: z.string(),
  createdAt: isoDateSchema,
  /** How many tool requests the rule has decided on its own: its uses. */
  firedCount: z.number().check(z.int(), z.nonnegative()),
  lastFiredAt: z.nullable(isoDateSchema),
});
export type Rule = z.infer<typeof ruleSchema>;

/** What a rule covers and for how long: what an admin sets when adding or remembering one. */
const scopeShape = {
  customer: customerSchema,
  match: z.optional(z.nullable(matchSchema)),
  expiresAt: z.optional(z.nullable(isoDateSchema)),
  maxUses: z.optional(z.nullable(maxUsesSchema)),
};

export const minApprovals = 2;
export const maxApprovals = 5;

export const createRuleSchema = z.object({
  tool: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  effect: z._default(ruleEffectSchema, 'approve'),
  approvals: z.optional(
    z.nullable(z.number().check(z.int(), z.gte(minApprovals), z.lte(maxApprovals))),
  ),
  ...scopeShape,
});
export type CreateRule = z.input<typeof createRuleSchema>;

/** The scope of the rule that "Remember" creates; the tool is the request's own. */
export const rememberScopeSchema = z.strictObject(scopeShape);
export type RememberScope = z.infer<typeof rememberScopeSchema>;

export const updateRuleSchema = z.strictObject({ paused: z.boolean() });
export type UpdateRule = z.infer<typeof updateRuleSchema>;

/** Days a remembered approval lasts unless the admin says otherwise. */
export const rememberDays = 30;

export type RuleState = 'active' | 'paused' | 'expired' | 'used up';

export function ruleState(rule: Rule, now: string): RuleState {
  if (rule.pausedAt) return 'paused';
  if (rule.expiresAt && rule.expiresAt <= now) return 'expired';
  if (rule.maxUses !== null && rule.firedCount >= rule.maxUses) return 'used up';
  return 'active';
}
