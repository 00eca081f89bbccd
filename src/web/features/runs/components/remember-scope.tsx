import { useId } from 'react';
import { pinsForInput } from '../../../../shared/rule-match';
import { rememberDays } from '../../../../shared/rules';
import { draftFromMatch, type ScopeDraft } from '../../../components/rule-scope/scope-draft';
import { ScopeFields } from '../../../components/rule-scope/scope-fields';

/** What "Remember" covers, as typed: the scope's fields and whether it widens to every customer. */
export type RememberDraft = ScopeDraft & { allCustomers: boolean };

/** The scope Remember opens with: this customer, these arguments pinned, 30 days. */
export function rememberDraftFor(input: Record<string, unknown>): RememberDraft {
  return {
    pins: draftFromMatch(pinsForInput(input)),
    days: String(rememberDays),
    maxUses: '',
    allCustomers: false,
  };
}

type RememberScopeProps = {
  draft: RememberDraft;
  onChange: (draft: RememberDraft) => void;
  errors: Record<string, string>;
  /** The run's customer; without one a rule can only be for every customer. */
  customer: string | null;
};

export function RememberScope({ draft, onChange, errors, customer }: RememberScopeProps) {
  const name = useId();
  return (
    <div className="space-y-3 rounded-md border border-slate-200 p-3 dark:border-slate-700">
      {customer ? (
        <fieldset className="space-y-1">
          <legend className="text-sm font-medium text-slate-800 dark:text-slate-200">
            Customers
          </legend>
          <div className="flex flex-wrap gap-x-4 gap-y-1 text-sm text-slate-800 dark:text-slate-200">
            {[false, true].map((all) => (
              <label key={String(all)} className="flex items-center gap-2">
                <input
                  type="radio"
                  name={name}
                  checked={draft.allCustomers === all}
                  onChange={() => onChange({ ...draft, allCustomers: all })}
                  className="size-4 accent-indigo-600"
                />
                {all ? 'All customers' : <span className="break-all">Only {customer}</span>}
              </label>
            ))}
          </div>
        </fieldset>
      ) : (
        <p className="text-sm text-slate-700 dark:text-slate-300">
          For all customers: this run has no customer.
        </p>
      )}
      <ScopeFields
        draft={draft}
        onChange={(scope) => onChange({ ...draft, ...scope })}
        errors={errors}
      />
    </div>
  );
}

type RememberSectionProps = {
  tool: string;
  remember: boolean;
  /** Ticked: the scope opens prefilled from the input about to be approved. */
  onRememberChange: (remember: boolean) => void;
  scope: RememberDraft;
  onScopeChange: (scope: RememberDraft) => void;
  errors: Record<string, string>;
  customer: string | null;
};

/** "Remember for this customer" and, once ticked, the scope of the rule it makes. */
export function RememberSection(props: RememberSectionProps) {
  const ids = { remember: useId(), hint: useId() };
  return (
    <>
      <label
        htmlFor={ids.remember}
        className="flex items-center gap-2 text-sm text-slate-800 dark:text-slate-200"
      >
        <input
          id={ids.remember}
          aria-describedby={ids.hint}
          type="checkbox"
          checked={props.remember}
          onChange={(e) => props.onRememberChange(e.target.checked)}
          className="size-4 accent-indigo-600"
        />
        Remember for this customer
      </label>
      <p id={ids.hint} className="-mt-2 pl-6 text-xs text-slate-600 dark:text-slate-400">
        Later calls of {props.tool} within the scope you set are then approved at once.
      </p>
      {props.remember && (
        <RememberScope
          draft={props.scope}
          onChange={props.onScopeChange}
          errors={props.errors}
          customer={props.customer}
        />
      )}
    </>
  );
}
