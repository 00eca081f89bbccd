import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import * as z from 'zod/mini';
import type { CreateRule } from '../../../../shared/rules';
import { Button } from '../../../components/ui/button';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog';
import { errorId, Field } from '../../../components/ui/field';
import { Input } from '../../../components/ui/input';
import { ApiError } from '../../../lib/api-client';
import { englishFormMessages } from '../../../lib/form-messages';
import { toast } from '../../../lib/toast';
import { useCreateRule } from '../api/create-rule';

/** `createRuleSchema` as a form: customer stays text, and empty means every customer (`null`). */
const ruleFormSchema = z.object({
  tool: z.string().check(z.trim(), z.minLength(1, 'Enter the tool name'), z.maxLength(200)),
  customer: z.string().check(z.trim(), z.maxLength(200)),
});
type RuleForm = z.infer<typeof ruleFormSchema>;

export function AddRuleForm() {
  const createRule = useCreateRule();
  const [allCustomersTool, setAllCustomersTool] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    reset,
    setError,
    formState: { errors },
  } = useForm<RuleForm>({
    resolver: zodResolver(ruleFormSchema, englishFormMessages),
    defaultValues: { tool: '', customer: '' },
  });

  const create = (body: CreateRule) =>
    createRule.mutate(body, {
      onSuccess: (rule) => {
        reset();
        toast.success(`Rule added: ${rule.tool} for ${rule.customer ?? 'all customers'}`);
      },
      onError: (error) => {
        if (!(error instanceof ApiError) || error.status !== 422) return;
        for (const field of ['tool', 'customer'] as const) {
          const message = error.details?.[field];
          if (typeof message === 'string') setError(field, { message });
        }
      },
    });

  // A rule with no customer approves the tool for everyone: ask first.
  const onSubmit = handleSubmit(({ tool, customer }) => {
    if (customer) create({ tool, customer });
    else setAllCustomersTool(tool);
  });

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-label="Add a rule"
      className="mb-5 grid gap-3 rounded-md border border-slate-200 p-4 sm:grid-cols-[1fr_1fr_auto] sm:items-start dark:border-slate-800"
    >
      <Field label="Tool" htmlFor="rule-tool" error={errors.tool?.message}>
        <Input
          id="rule-tool"
          placeholder="refund_order"
          autoComplete="off"
          spellCheck={false}
          aria-invalid={errors.tool ? true : undefined}
          aria-describedby={errors.tool ? errorId('rule-tool') : undefined}
          {...register('tool')}
        />
      </Field>
      <Field
        label="Customer"
        hint="(empty: all customers)"
        htmlFor="rule-customer"
        error={errors.customer?.message}
      >
        <Input
          id="rule-customer"
          placeholder="cust_123"
          autoComplete="off"
          spellCheck={false}
          aria-invalid={errors.customer ? true : undefined}
          aria-describedby={errors.customer ? errorId('rule-customer') : undefined}
          {...register('customer')}
        />
      </Field>
      <Button type="submit" isLoading={createRule.isPending} className="sm:mt-7">
        Add rule
      </Button>
      {createRule.isError &&
        !(createRule.error instanceof ApiError && createRule.error.status === 422) && (
          <p role="alert" className="text-sm text-red-700 sm:col-span-3 dark:text-red-400">
            {createRule.error.message}
          </p>
        )}
      <ConfirmDialog
        open={allCustomersTool !== null}
        onOpenChange={(open) => !open && setAllCustomersTool(null)}
        title="Approve for all customers?"
        description={`Every call of ${allCustomersTool ?? ''} is then approved at once, for every customer and whatever its input, until the rule is removed.`}
        confirmLabel="Add rule for all customers"
        danger
        onConfirm={() => allCustomersTool && create({ tool: allCustomersTool, customer: null })}
      />
    </form>
  );
}
