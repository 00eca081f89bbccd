import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import * as z from 'zod/mini';
import type { CreateRule } from '../../../../shared/rules';
import { describeScope } from '../../../components/rule-scope/describe-scope';
import {
  scopeFromDraft,
  type ScopeDraft,
  type ScopeValue,
} from '../../../components/rule-scope/scope-draft';
import { ScopeFields } from '../../../components/rule-scope/scope-fields';
import { Button } from '../../../components/ui/button';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog';
import { errorId, Field } from '../../../components/ui/field';
import { Input, Select } from '../../../components/ui/input';
import { ApiError } from '../../../lib/api-client';
import { englishFormMessages } from '../../../lib/form-messages';
import { toast } from '../../../lib/toast';
import { useCreateRule } from '../api/create-rule';
import { describeRule } from './remove-rule-button';

/** `createRuleSchema` as a form: customer stays text, and empty means every customer (`null`). */
const ruleFormSchema = z.object({
  tool: z.string().check(z.trim(), z.minLength(1, 'Enter the tool name'), z.maxLength(200)),
  customer: z.string().check(z.trim(), z.maxLength(200)),
});
type RuleForm = z.infer<typeof ruleFormSchema>;

const emptyScope: ScopeDraft = { pins: [], days: '', maxUses: '' };

/** `approve`, or how many people a held call needs. */
const decisions = ['approve', '2', '3', '4', '5'] as const;
type Decision = (typeof decisions)[number];
const decisionLabels: Record<Decision, string> = {
  approve: 'Approve it at once',
  '2': 'Hold it until 2 people approve',
  '3': 'Hold it until 3 people approve',
  '4': 'Hold it until 4 people approve',
  '5': 'Hold it until 5 people approve',
};

function effectOf(decision: Decision): Pick<CreateRule, 'effect' | 'approvals'> {
  return decision === 'approve'
    ? { effect: 'approve', approvals: null }
    : { effect: 'countersign', approvals: Number(decision) };
}

export function AddRuleForm() {
  const createRule = useCreateRule();
  const [scope, setScope] = useState<ScopeDraft>(emptyScope);
  const [decision, setDecision] = useState<Decision>('approve');
  const [scopeErrors, setScopeErrors] = useState<Record<string, string>>({});
  const [allCustomers, setAllCustomers] = useState<({ tool: string } & ScopeValue) | null>(null);
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
        setScope(emptyScope);
        setDecision('approve');
        toast.success(`Rule added: ${describeRule(rule)}`);
      },
      onError: (error) => {
        if (!(error instanceof ApiError) || error.status !== 422) return;
        for (const field of ['tool', 'customer'] as const) {
          const message = error.details?.[field];
          if (typeof message === 'string') setError(field, { message });
        }
      },
    });

  // A rule with no customer approves the tool for everyone: ask first (holding it for approvers is safe).
  const onSubmit = handleSubmit(({ tool, customer }) => {
    const result = scopeFromDraft(scope);
    setScopeErrors(result.ok ? {} : result.errors);
    if (!result.ok) return;
    if (customer || decision !== 'approve') {
      create({ tool, customer: customer || null, ...effectOf(decision), ...result.value });
    } else setAllCustomers({ tool, ...result.value });
  });

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-label="Add a rule"
      className="mb-5 space-y-4 rounded-md border border-slate-200 p-4 dark:border-slate-800"
    >
      <div className="grid gap-3 sm:grid-cols-2">
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
      </div>
      <Field label="When a call matches" htmlFor="rule-decision" className="sm:max-w-sm">
        <Select
          id="rule-decision"
          value={decision}
          onChange={(e) => setDecision(e.target.value as Decision)}
        >
          {decisions.map((d) => (
            <option key={d} value={d}>
              {decisionLabels[d]}
            </option>
          ))}
        </Select>
      </Field>
      <ScopeFields draft={scope} onChange={setScope} errors={scopeErrors} />
      {createRule.isError &&
        !(createRule.error instanceof ApiError && createRule.error.status === 422) && (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            {createRule.error.message}
          </p>
        )}
      <div className="flex justify-end">
        <Button type="submit" isLoading={createRule.isPending}>
          Add rule
        </Button>
      </div>
      <ConfirmDialog
        open={allCustomers !== null}
        onOpenChange={(open) => !open && setAllCustomers(null)}
        title="Approve for all customers?"
        description={allCustomers ? describeScope({ ...allCustomers, customer: null }) : ''}
        confirmLabel="Add rule for all customers"
        danger
        onConfirm={() => allCustomers && create({ ...allCustomers, customer: null })}
      />
    </form>
  );
}
