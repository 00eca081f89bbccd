import { useQuery } from '@tanstack/react-query';
import { Select } from '../../../components/ui/input';
import { sourceListOptions } from '../../sources/api/get-sources';

type SourceSelectProps = {
  label: string;
  value: string | null;
  onChange: (sourceId: string | null) => void;
};

/** A route's source: any, or one of the connected sources by name. */
export function SourceSelect({ label, value, onChange }: SourceSelectProps) {
  const sources = useQuery(sourceListOptions());
  const items = sources.data?.items ?? [];
  // A route may name a source since removed: it stays chosen rather than silently becoming "any".
  const unknown = value !== null && !items.some((source) => source.id === value);
  return (
    <Select
      aria-label={label}
      value={value ?? ''}
      onChange={(event) => onChange(event.target.value || null)}
    >
      <option value="">Any source</option>
      {unknown && <option value={value}>{value}</option>}
      {items.map((source) => (
        <option key={source.id} value={source.id}>
          {source.name}
        </option>
      ))}
    </Select>
  );
}
