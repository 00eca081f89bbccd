import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { MyNotifications } from '../../../../shared/notifications';
import { Button } from '../../../components/ui/button';
import { Field } from '../../../components/ui/field';
import { Input, Select } from '../../../components/ui/input';
import { myNotificationsOptions, useSaveMyNotifications } from '../api/my-notifications';
import { PushDevices } from './push-devices';
import { QuietHoursFields } from './quiet-hours-fields';
import { ScopeFields } from './scope-fields';

/**
 * The signed-in user's notifications: which requests (scope), email (address, on or off, each request or
 * a digest), push (on or off, quick actions, and their devices), and quiet hours.
 */
export function NotificationsSection() {
  const mine = useQuery(myNotificationsOptions());
  if (mine.isPending) {
    return <p className="text-sm text-slate-600 dark:text-slate-400">Loading…</p>;
  }
  if (mine.isError) {
    return (
      <p role="alert" className="text-sm text-red-800 dark:text-red-300">
        Could not load your notification settings: {mine.error.message}
      </p>
    );
  }
  return (
    <div className="flex flex-col gap-6">
      <NotificationsForm initial={mine.data} />
      <PushDevices />
    </div>
  );
}

function NotificationsForm({ initial }: { initial: MyNotifications }) {
  const save = useSaveMyNotifications();
  const [email, setEmail] = useState(initial.email ?? '');
  const [emailOn, setEmailOn] = useState(initial.channels.email);
  const [emailMode, setEmailMode] = useState(initial.emailMode);
  const [pushOn, setPushOn] = useState(initial.channels.push);
  const [quickActions, setQuickActions] = useState(initial.quickActions);
  const [scope, setScope] = useState(initial.scope);
  const [quietHours, setQuietHours] = useState(initial.quietHours);
  return (
    <form
      className="flex max-w-xl flex-col gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate({
          ...initial,
          email: email.trim() === '' ? null : email.trim(),
          channels: { ...initial.channels, email: emailOn, push: pushOn },
          emailMode,
          quickActions,
          scope,
          quietHours,
        });
      }}
    >
      <ScopeFields scope={scope} onChange={setScope} />
      <Field label="Email address" htmlFor="notify-email">
        <Input
          id="notify-email"
          type="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
      </Field>
      <label className="flex items-center gap-2 text-sm text-slate-800 dark:text-slate-200">
        <input type="checkbox" checked={emailOn} onChange={(e) => setEmailOn(e.target.checked)} />
        Email me about requests waiting for me
      </label>
      <Field label="Send" htmlFor="notify-email-mode">
        <Select
          id="notify-email-mode"
          value={emailMode}
          onChange={(e) => setEmailMode(e.target.value as MyNotifications['emailMode'])}
        >
          <option value="each">One email per request</option>
          <option value="hourly">An hourly digest</option>
          <option value="daily">A daily digest at 09:00</option>
        </Select>
      </Field>
      <label className="flex items-center gap-2 text-sm text-slate-800 dark:text-slate-200">
        <input type="checkbox" checked={pushOn} onChange={(e) => setPushOn(e.target.checked)} />
        Push notifications to my devices
      </label>
      <label className="flex items-center gap-2 text-sm text-slate-800 dark:text-slate-200">
        <input
          type="checkbox"
          checked={quickActions}
          onChange={(e) => setQuickActions(e.target.checked)}
        />
        Quick Approve and Deny on pushes about tool calls
      </label>
      <QuietHoursFields quietHours={quietHours} onChange={setQuietHours} />
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={save.isPending}>
          Save
        </Button>
        {save.isSuccess && <p className="text-sm text-slate-600 dark:text-slate-400">Saved</p>}
        {save.isError && (
          <p role="alert" className="text-sm text-red-800 dark:text-red-300">
            {save.error.message}
          </p>
        )}
      </div>
    </form>
  );
}
