import type { NotificationPreferences } from '../../../../shared/notifications';
import { Field } from '../../../components/ui/field';
import { Input } from '../../../components/ui/input';

type QuietHours = NotificationPreferences['quietHours'];

const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/**
 * Quiet hours delay emails and pushes to their end; nothing is dropped. The time zone
 * starts as the browser's and also sets the hour of a daily digest.
 */
export function QuietHoursFields({
  quietHours,
  onChange,
}: {
  quietHours: QuietHours;
  onChange: (quietHours: QuietHours) => void;
}) {
  return (
    <fieldset className="flex flex-col gap-2">
      <label className="flex items-center gap-2 text-sm text-slate-800 dark:text-slate-200">
        <input
          type="checkbox"
          checked={quietHours !== null}
          onChange={(e) =>
            onChange(
              e.target.checked
                ? { start: '22:00', end: '07:00', timeZone: browserTimeZone() }
                : null,
            )
          }
        />
        Quiet hours: hold notifications until they end
      </label>
      {quietHours && (
        <div className="ml-6 grid grid-cols-2 gap-3 sm:grid-cols-3">
          <Field label="From" htmlFor="quiet-start">
            <Input
              id="quiet-start"
              type="time"
              required
              value={quietHours.start}
              onChange={(e) => onChange({ ...quietHours, start: e.target.value })}
            />
          </Field>
          <Field label="Until" htmlFor="quiet-end">
            <Input
              id="quiet-end"
              type="time"
              required
              value={quietHours.end}
              onChange={(e) => onChange({ ...quietHours, end: e.target.value })}
            />
          </Field>
          <Field label="Time zone" htmlFor="quiet-zone" className="col-span-2 sm:col-span-1">
            <Input
              id="quiet-zone"
              required
              value={quietHours.timeZone}
              onChange={(e) => onChange({ ...quietHours, timeZone: e.target.value })}
            />
          </Field>
        </div>
      )}
    </fieldset>
  );
}
