import { isQuiet, localMinuteOfDay, parseQuietHours, quietHoursEnd, usableTimeZone } from './quiet-hours';

const night = parseQuietHours('21:00-08:00');
const at = (iso: string) => new Date(iso);

describe('quiet hours', () => {
  it('parses HH:MM-HH:MM and refuses anything else', () => {
    expect(night).toEqual({ startMinute: 21 * 60, endMinute: 8 * 60, text: '21:00-08:00' });
    for (const bad of ['21-8', '25:00-08:00', '21:60-08:00', '21:00 08:00', '']) expect(() => parseQuietHours(bad)).toThrow('Quiet hours look like');
  });

  it('knows whether a local minute is quiet, for windows crossing midnight or not', () => {
    expect([20 * 60 + 59, 21 * 60, 23 * 60 + 59, 0, 7 * 60 + 59, 8 * 60].map((m) => isQuiet(m, night))).toEqual([false, true, true, true, true, false]);
    const lunch = parseQuietHours('12:00-13:30');
    expect([11 * 60 + 59, 12 * 60, 13 * 60 + 29, 13 * 60 + 30].map((m) => isQuiet(m, lunch))).toEqual([false, true, true, false]);
    expect(isQuiet(600, parseQuietHours('10:00-10:00'))).toBe(false);
  });

  it('is undefined outside quiet hours and gives the local end otherwise, in the customer time zone', () => {
    expect(quietHoursEnd(at('2026-06-01T12:00:00Z'), 'UTC', night)).toBeUndefined();
    // 22:30 in London (BST, UTC+1) → 08:00 next morning local = 07:00Z
    expect(quietHoursEnd(at('2026-06-01T21:30:00Z'), 'Europe/London', night)).toEqual(at('2026-06-02T07:00:00Z'));
    // 03:10 in Tokyo (UTC+9): same morning 08:00 local = 23:00Z the day before in UTC terms
    expect(quietHoursEnd(at('2026-06-01T18:10:00Z'), 'Asia/Tokyo', night)).toEqual(at('2026-06-01T23:00:00Z'));
    // 21:00 exactly in New York (EDT, UTC-4) is quiet; ends 08:00 local = 12:00Z
    expect(quietHoursEnd(at('2026-06-02T01:00:00Z'), 'America/New_York', night)).toEqual(at('2026-06-02T12:00:00Z'));
    // a half-hour zone: Kolkata (UTC+5:30), 23:45 local
    expect(quietHoursEnd(at('2026-06-01T18:15:00Z'), 'Asia/Kolkata', night)).toEqual(at('2026-06-02T02:30:00Z'));
    // seconds are dropped: the end is a whole minute
    expect(quietHoursEnd(at('2026-06-01T23:59:59.500Z'), 'UTC', night)).toEqual(at('2026-06-02T08:00:00Z'));
  });

  it('handles the daylight saving changes', () => {
    // Berlin springs forward on 2026-03-29 at 02:00 → 03:00: the night is an hour shorter in UTC.
    expect(quietHoursEnd(at('2026-03-28T22:00:00Z'), 'Europe/Berlin', night)).toEqual(at('2026-03-29T06:00:00Z'));
    // and falls back on 2026-10-25 at 03:00 → 02:00: an hour longer.
    expect(quietHoursEnd(at('2026-10-24T22:00:00Z'), 'Europe/Berlin', night)).toEqual(at('2026-10-25T07:00:00Z'));
    // a window ending inside the skipped hour ends at 03:00, the first minute that exists
    expect(quietHoursEnd(at('2026-03-28T22:00:00Z'), 'Europe/Berlin', parseQuietHours('22:00-02:30'))).toEqual(at('2026-03-29T01:00:00Z'));
    // New York springs forward on 2026-03-08
    expect(quietHoursEnd(at('2026-03-08T04:00:00Z'), 'America/New_York', night)).toEqual(at('2026-03-08T12:00:00Z'));
  });

  it('falls back to UTC for an unknown or missing time zone', () => {
    expect(usableTimeZone('Mars/Olympus')).toBe('UTC');
    expect(usableTimeZone(null)).toBe('UTC');
    expect(usableTimeZone('Europe/Paris')).toBe('Europe/Paris');
    expect(quietHoursEnd(at('2026-06-01T22:00:00Z'), 'Mars/Olympus', night)).toEqual(at('2026-06-02T08:00:00Z'));
    expect(localMinuteOfDay(at('2026-06-01T22:07:00Z'), 'UTC')).toBe(22 * 60 + 7);
  });

  it('finds a short allowed window without stepping over it', () => {
    const almostAlways = parseQuietHours('08:10-08:00'); // only 08:00-08:09 allowed
    expect(quietHoursEnd(at('2026-06-01T12:00:00Z'), 'UTC', almostAlways)).toEqual(at('2026-06-02T08:00:00Z'));
  });
});
