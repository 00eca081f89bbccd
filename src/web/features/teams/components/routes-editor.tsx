import { useState } from 'react';
import { type RequestKind, requestKindSchema, requestKinds } from '../../../../shared/requests';
import type { RoutePreview, Routing, Team, TeamRoute } from '../../../../shared/teams';
import { kindLabels } from '../../../components/run-badges';
import { Button } from '../../../components/ui/button';
import { Input, Select } from '../../../components/ui/input';
import { previewRoute, useSaveRouting } from '../api/routing';
import { ExpiryPolicyFields } from './expiry-policy-fields';
import { SourceSelect } from './source-select';

const blank = (value: string) => (value.trim() ? value.trim() : null);

function GroupSelect(props: {
  label: string;
  groups: Team[];
  value: string | null;
  onChange: (id: string | null) => void;
  allowNone?: boolean;
}) {
  return (
    <Select
      aria-label={props.label}
      value={props.value ?? ''}
      onChange={(event) => props.onChange(event.target.value || null)}
    >
      {(props.allowNone || props.value === null) && <option value="">No group</option>}
      {props.groups.map((g) => (
        <option key={g.id} value={g.id}>
          {g.name}
        </option>
      ))}
    </Select>
  );
}

function KindSelect(props: {
  label: string;
  value: RequestKind | null;
  onChange: (kind: RequestKind | null) => void;
  anyLabel?: string;
}) {
  return (
    <Select
      aria-label={props.label}
      value={props.value ?? ''}
      onChange={(event) =>
        props.onChange(requestKindSchema.safeParse(event.target.value).data ?? null)
      }
    >
      {props.anyLabel && <option value="">{props.anyLabel}</option>}
      {requestKinds.map((k) => (
        <option key={k} value={k}>
          {kindLabels[k]}
        </option>
      ))}
    </Select>
  );
}

function RouteRow(props: {
  index: number;
  route: TeamRoute;
  groups: Team[];
  count: number;
  onChange: (route: TeamRoute) => void;
  onMove: (delta: number) => void;
  onRemove: () => void;
}) {
  const { index, route } = props;
  const n = index + 1;
  return (
    <li className="grid grid-cols-2 gap-2 rounded-lg border border-slate-200 p-3 sm:grid-cols-[2rem_1fr_1fr_1fr_1fr_1fr_auto] sm:items-center dark:border-slate-800">
      <span className="col-span-2 text-sm font-medium text-slate-600 sm:col-span-1 dark:text-slate-400">
        {n}.
      </span>
      <SourceSelect
        label={`Route ${n} source`}
        value={route.sourceId ?? null}
        onChange={(sourceId) => props.onChange({ ...route, sourceId })}
      />
      <KindSelect
        label={`Route ${n} kind`}
        value={route.kind ?? null}
        anyLabel="Any kind"
        onChange={(kind) => props.onChange({ ...route, kind })}
      />
      <Input
        aria-label={`Route ${n} tool`}
        placeholder="Any tool"
        value={route.tool ?? ''}
        maxLength={200}
        onChange={(event) => props.onChange({ ...route, tool: blank(event.target.value) })}
      />
      <Input
        aria-label={`Route ${n} customer`}
        placeholder="Any customer"
        value={route.customer ?? ''}
        maxLength={200}
        onChange={(event) => props.onChange({ ...route, customer: blank(event.target.value) })}
      />
      <GroupSelect
        label={`Route ${n} group`}
        groups={props.groups}
        value={route.groupId}
        onChange={(groupId) => groupId && props.onChange({ ...route, groupId })}
      />
      <span className="col-span-2 flex gap-1 sm:col-span-1">
        <Button
          size="sm"
          variant="ghost"
          aria-label={`Move route ${n} up`}
          disabled={index === 0}
          onClick={() => props.onMove(-1)}
        >
          ↑
        </Button>
        <Button
          size="sm"
          variant="ghost"
          aria-label={`Move route ${n} down`}
          disabled={index === props.count - 1}
          onClick={() => props.onMove(1)}
        >
          ↓
        </Button>
        <Button size="sm" variant="ghost" aria-label={`Remove route ${n}`} onClick={props.onRemove}>
          Remove
        </Button>
      </span>
      <div className="col-span-2 sm:col-span-6">
        <ExpiryPolicyFields
          name={`Route ${n}`}
          policy={route}
          groupId={route.groupId}
          groups={props.groups}
          onChange={(policy) => props.onChange({ ...route, ...policy })}
        />
      </div>
    </li>
  );
}

/** The ordered routes and the default group, edited here and tried on an example before saving. */
export function RoutesEditor({ saved, groups }: { saved: Routing; groups: Team[] }) {
  const [routing, setRouting] = useState(saved);
  const [example, setExample] = useState<{ kind: RequestKind; tool: string; customer: string }>({
    kind: 'tool',
    tool: '',
    customer: '',
  });
  const [preview, setPreview] = useState<RoutePreview | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const save = useSaveRouting();
  const routes = routing.routes;
  const setRoutes = (next: TeamRoute[]) => {
    setRouting({ ...routing, routes: next });
    setPreview(null);
  };
  const groupName = (id: string | null) => groups.find((g) => g.id === id)?.name ?? 'no group';

  const tryIt = async () => {
    setPreviewError(null);
    try {
      setPreview(
        await previewRoute(routing, {
          kind: example.kind,
          tool: blank(example.tool),
          customer: blank(example.customer),
        }),
      );
    } catch (error) {
      setPreviewError(error instanceof Error ? error.message : String(error));
    }
  };

  return (
    <section aria-labelledby="routes-heading" className="space-y-3">
      <h2 id="routes-heading" className="text-base font-semibold text-slate-900 dark:text-slate-50">
        Routes
      </h2>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        A new request goes to the group of the first route it matches; empty fields match anything.
      </p>
      {groups.length === 0 ? (
        <p className="text-sm text-slate-700 dark:text-slate-300">Add a group first.</p>
      ) : (
        <>
          <ol className="space-y-2">
            {routes.map((route, index) => (
              <RouteRow
                key={index}
                index={index}
                route={route}
                groups={groups}
                count={routes.length}
                onChange={(next) => setRoutes(routes.map((r, i) => (i === index ? next : r)))}
                onMove={(delta) => {
                  const next = [...routes];
                  const [moved] = next.splice(index, 1);
                  if (moved) next.splice(index + delta, 0, moved);
                  setRoutes(next);
                }}
                onRemove={() => setRoutes(routes.filter((_, i) => i !== index))}
              />
            ))}
          </ol>
          <div className="flex flex-wrap items-center gap-3">
            <Button
              variant="secondary"
              onClick={() =>
                setRoutes([
                  ...routes,
                  { kind: null, tool: null, customer: null, groupId: groups[0]!.id },
                ])
              }
            >
              Add route
            </Button>
            <label className="flex items-center gap-2 text-sm text-slate-700 dark:text-slate-300">
              Everything else goes to
              <GroupSelect
                label="Default group"
                groups={groups}
                value={routing.defaultGroupId}
                allowNone
                onChange={(defaultGroupId) => {
                  // A policy needs a default route to hang on.
                  const defaultPolicy = defaultGroupId ? routing.defaultPolicy : undefined;
                  setRouting({ ...routing, defaultGroupId, defaultPolicy });
                  setPreview(null);
                }}
              />
            </label>
          </div>
          {routing.defaultGroupId !== null && (
            <ExpiryPolicyFields
              name="Default route"
              legend="When nobody answers a request of the default route"
              policy={routing.defaultPolicy ?? {}}
              groupId={routing.defaultGroupId}
              groups={groups}
              onChange={(defaultPolicy) => setRouting({ ...routing, defaultPolicy })}
            />
          )}
          <div className="space-y-2 rounded-lg bg-slate-50 p-3 dark:bg-slate-900">
            <p className="text-sm font-medium text-slate-800 dark:text-slate-200">Try an example</p>
            <div className="grid grid-cols-2 gap-2 sm:grid-cols-[1fr_1fr_1fr_auto]">
              <KindSelect
                label="Example kind"
                value={example.kind}
                onChange={(kind) => kind && setExample({ ...example, kind })}
              />
              <Input
                aria-label="Example tool"
                placeholder="Tool"
                value={example.tool}
                onChange={(event) => setExample({ ...example, tool: event.target.value })}
              />
              <Input
                aria-label="Example customer"
                placeholder="Customer"
                value={example.customer}
                onChange={(event) => setExample({ ...example, customer: event.target.value })}
              />
              <Button variant="secondary" onClick={() => void tryIt()}>
                Try
              </Button>
            </div>
            {preview && (
              <p role="status" className="text-sm text-slate-900 dark:text-slate-100">
                {preview.routeIndex === null
                  ? `No route matches: it goes to ${groupName(preview.groupId)}`
                  : `Route ${preview.routeIndex + 1} matches: it goes to ${groupName(preview.groupId)}`}
              </p>
            )}
            {previewError && (
              <p role="alert" className="text-sm font-medium text-red-700 dark:text-red-400">
                {previewError}
              </p>
            )}
          </div>
          <div className="flex items-center gap-3">
            <Button disabled={save.isPending} onClick={() => save.mutate(routing)}>
              Save routes
            </Button>
            {save.isSuccess && !save.isPending && (
              <span role="status" className="text-sm text-slate-700 dark:text-slate-300">
                Saved
              </span>
            )}
            {save.error && (
              <span role="alert" className="text-sm font-medium text-red-700 dark:text-red-400">
                {save.error.message}
              </span>
            )}
          </div>
        </>
      )}
    </section>
  );
}
