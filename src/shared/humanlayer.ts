import * as z from 'zod/mini';
import { ownRecord } from './own-keys';

/**
 * The HumanLayer API's function calls and contact requests, as its SDKs send and poll them
 * (`/humanlayer/v1`). Fields Countersign has no use for (contact channels, which may carry a Slack bot
 * token) are accepted and dropped.
 */
const key = z.string().check(z.trim(), z.minLength(1), z.maxLength(200));

export const humanlayerOptionSchema = z.object({
  name: z.string().check(z.minLength(1), z.maxLength(100)),
  title: z.optional(z.nullable(z.string().check(z.maxLength(200)))),
  description: z.optional(z.nullable(z.string().check(z.maxLength(1000)))),
  prompt_fill: z.optional(z.nullable(z.string().check(z.maxLength(5000)))),
});
export type HumanlayerOption = z.infer<typeof humanlayerOptionSchema>;

const options = z.optional(z.nullable(z.array(humanlayerOptionSchema).check(z.maxLength(20))));
const state = z.optional(z.nullable(ownRecord(z.unknown())));

export const functionCallInputSchema = z.object({
  run_id: key,
  call_id: key,
  spec: z.object({
    fn: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
    kwargs: ownRecord(z.unknown()),
    reject_options: options,
    state,
  }),
});
export type FunctionCallInput = z.infer<typeof functionCallInputSchema>;

export const contactInputSchema = z.object({
  run_id: key,
  call_id: key,
  spec: z.object({
    msg: z.string().check(z.trim(), z.minLength(1), z.maxLength(20_000)),
    response_options: options,
    state,
  }),
});
export type ContactInput = z.infer<typeof contactInputSchema>;

const kept = {
  state: z.optional(ownRecord(z.unknown())),
};
const times = {
  requested_at: z.string(),
  responded_at: z.optional(z.string()),
};

export const functionCallSchema = z.object({
  run_id: z.string(),
  call_id: z.string(),
  spec: z.object({
    fn: z.string(),
    kwargs: ownRecord(z.unknown()),
    reject_options: z.optional(z.array(humanlayerOptionSchema)),
    ...kept,
  }),
  status: z.object({
    ...times,
    /** Absent while nobody has decided. */
    approved: z.optional(z.boolean()),
    comment: z.optional(z.string()),
    reject_option_name: z.optional(z.string()),
  }),
});
export type FunctionCall = z.infer<typeof functionCallSchema>;

export const contactSchema = z.object({
  run_id: z.string(),
  call_id: z.string(),
  spec: z.object({
    msg: z.string(),
    response_options: z.optional(z.array(humanlayerOptionSchema)),
    ...kept,
  }),
  status: z.object({
    ...times,
    /** Absent while nobody has replied. */
    response: z.optional(z.string()),
    response_option_name: z.optional(z.string()),
  }),
});
export type Contact = z.infer<typeof contactSchema>;
