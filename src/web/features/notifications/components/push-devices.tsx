import { useQuery } from '@tanstack/react-query';
import { Button } from '../../../components/ui/button';
import {
  pushDevicesOptions,
  pushSupported,
  useEnablePushHere,
  useRemovePushDevice,
} from '../api/push-devices';

const muted = 'text-sm text-slate-600 dark:text-slate-400';
const alert = 'text-sm text-red-800 dark:text-red-300';

/** This user's push devices with **Remove**, and **Enable push on this device** (asks on the click). */
export function PushDevices() {
  const devices = useQuery(pushDevicesOptions());
  const enable = useEnablePushHere();
  const remove = useRemovePushDevice();
  return (
    <section aria-labelledby="push-devices-title" className="flex max-w-md flex-col gap-3">
      <h3
        id="push-devices-title"
        className="text-sm font-medium text-slate-900 dark:text-slate-100"
      >
        Devices that get pushes
      </h3>
      {devices.isPending && <p className={muted}>Loading…</p>}
      {devices.isError && (
        <p role="alert" className={alert}>
          Could not load your devices: {devices.error.message}
        </p>
      )}
      {devices.data && devices.data.items.length === 0 && <p className={muted}>No devices yet.</p>}
      {devices.data && devices.data.items.length > 0 && (
        <ul className="flex flex-col divide-y divide-slate-200 dark:divide-slate-700">
          {devices.data.items.map((device) => (
            <li key={device.id} className="flex items-center justify-between gap-3 py-2">
              <span className="text-sm text-slate-800 dark:text-slate-200">
                {device.label}
                <span className={`ml-2 ${muted}`}>
                  added {new Date(device.createdAt).toLocaleDateString()}
                </span>
              </span>
              <Button
                type="button"
                variant="secondary"
                aria-label={`Remove ${device.label}`}
                disabled={remove.isPending}
                onClick={() => remove.mutate(device.id)}
              >
                Remove
              </Button>
            </li>
          ))}
        </ul>
      )}
      <div className="flex flex-wrap items-center gap-3">
        <Button
          type="button"
          variant="secondary"
          disabled={enable.isPending}
          onClick={() => enable.mutate()}
        >
          Enable push on this device
        </Button>
        {enable.isSuccess && <p className={muted}>This device gets pushes</p>}
        {!pushSupported() && (
          <p className={muted}>This browser cannot receive pushes from this address.</p>
        )}
      </div>
      {(enable.isError || remove.isError) && (
        <p role="alert" className={alert}>
          {(enable.error ?? remove.error)?.message}
        </p>
      )}
    </section>
  );
}
