import { type RequestKind, requestKindSchema, requestKinds } from '../../../../shared/requests';
import type { Source } from '../../../../shared/sources';
import { kindLabels } from '../../../components/run-badges';
import { Input, Select } from '../../../components/ui/input';

type InboxFiltersProps = {
  kind: RequestKind | undefined;
  source: string | undefined;
  text: string;
  sources: Source[];
  onKindChange: (kind: RequestKind | undefined) => void;
  onSourceChange: (source: string | undefined) => void;
  onTextChange: (text: string) => void;
  /** Enter in the search box: open the first run it shows. */
  onOpenFirst: () => void;
  searchRef: React.Ref<HTMLInputElement>;
};

const labelClass = 'text-xs font-medium text-slate-600 dark:text-slate-400';

export function InboxFilters({ searchRef, ...props }: InboxFiltersProps) {
  const { kind, source, text, sources } = props;
  return (
    <div
      role="search"
      aria-label="Filter the inbox"
      className="mb-3 grid grid-cols-2 gap-2 sm:grid-cols-[1fr_10rem_12rem] sm:gap-3"
    >
      <div className="col-span-2 flex flex-col gap-1 sm:col-span-1">
        <label htmlFor="inbox-search" className={labelClass}>
          Search
        </label>
        <Input
          id="inbox-search"
          ref={searchRef}
          type="search"
          value={text}
          maxLength={200}
          placeholder="Title, customer or external id"
          autoComplete="off"
          onChange={(event) => props.onTextChange(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') event.currentTarget.blur();
            if (event.key === 'Enter') {
              event.preventDefault();
              props.onOpenFirst();
            }
          }}
        />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="inbox-kind" className={labelClass}>
          Kind
        </label>
        <Select
          id="inbox-kind"
          value={kind ?? ''}
          onChange={(event) =>
            props.onKindChange(requestKindSchema.safeParse(event.target.value).data)
          }
        >
          <option value="">All kinds</option>
          {requestKinds.map((k) => (
            <option key={k} value={k}>
              {kindLabels[k]}
            </option>
          ))}
        </Select>
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="inbox-source" className={labelClass}>
          Source
        </label>
        <Select
          id="inbox-source"
          value={source ?? ''}
          onChange={(event) => props.onSourceChange(event.target.value || undefined)}
        >
          <option value="">All sources</option>
          {source && !sources.some((s) => s.id === source) && (
            <option value={source}>{source}</option>
          )}
          {sources.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </Select>
      </div>
    </div>
  );
}
