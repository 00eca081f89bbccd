import { describe, expect, it } from 'vitest';
import {
  defaultNotificationPreferences,
  type NotificationPreferences,
} from '../../../shared/notifications';
import { digestTime } from './preferences';

function daily(timeZone: string | null): NotificationPreferences {
  return {
    ...defaultNotificationPreferences,
    emailMode: 'daily',
    quietHours: timeZone ? { start: '22:00', end: '07:00', timeZone } : null,
  };
}

describe('digestTime', () => {
  it('sends each email at once and an hourly digest at the next full hour', () => {
    const at = new Date('2026-12-04T13:27:45.123Z');
    expect(digestTime(defaultNotificationPreferences, at)).toEqual(at);
    expect(
      digestTime({ ...defaultNotificationPreferences, emailMode: 'hourly' }, at).toISOString(),
    ).toBe('2026-12-04T14:00:00.000Z');
  });

  it('sends a daily digest at 09:00 UTC for a user without a time zone', () => {
    expect(digestTime(daily(null), new Date('2026-12-04T08:30:10Z')).toISOString()).toBe(
      '2026-12-04T09:00:00.000Z',
    );
    expect(digestTime(daily(null), new Date('2026-12-04T09:00:00Z')).toISOString()).toBe(
      '2026-12-05T09:00:00.000Z',
    );
  });

  it("sends a daily digest at 09:00 in the user's own time zone", () => {
    // New York is UTC-5 in December: 08:00 there is 13:00 UTC, so 09:00 is an hour later.
    expect(
      digestTime(daily('America/New_York'), new Date('2026-12-04T13:00:00Z')).toISOString(),
    ).toBe('2026-12-04T14:00:00.000Z');
    // Berlin is UTC+1: at 11:00 there, 09:00 has passed; the next is tomorrow at 08:00 UTC.
    expect(digestTime(daily('Europe/Berlin'), new Date('2026-12-04T10:00:00Z')).toISOString()).toBe(
      '2026-12-05T08:00:00.000Z',
    );
  });
});
