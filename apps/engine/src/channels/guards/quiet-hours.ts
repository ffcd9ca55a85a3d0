// Quiet hours: no email between, say, 21:00 and 08:00 on the customer's own clock. The window may
// cross midnight. The end is found by walking the customer's local clock forward (15-minute
// steps, then minutes), so daylight saving changes need no special case: on a night the clocks
// skip 02:00-03:00, a window ending at 02:30 ends at 03:00, the first minute that exists.

export interface QuietHours {
  /** Minutes after local midnight; start === end means no quiet hours. */
  startMinute: number;
  endMinute: number;
  text: string;
}

/** "21:00-08:00" → 21:00 to 08:00, crossing midnight. */
export function parseQuietHours(text: string): QuietHours {
  const match = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(text.trim());
  const minutes = match ? [Number(match[1]) * 60 + Number(match[2]), Number(match[3]) * 60 + Number(match[4])] : [];
  if (!match || Number(match[1]) > 23 || Number(match[3]) > 23 || Number(match[2]) > 59 || Number(match[4]) > 59) {
    throw new Error(`Quiet hours look like 21:00-08:00 (24-hour local times), not "${text}".`);
  }
  return { startMinute: minutes[0], endMinute: minutes[1], text: text.trim() };
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The time zone to use: the customer's if it is a valid IANA name, else UTC. */
export function usableTimeZone(timeZone: string | null | undefined): string {
  if (!timeZone) return 'UTC';
  try {
    formatterFor(timeZone);
    return timeZone;
  } catch {
    return 'UTC';
  }
}

/** Minutes after local midnight at `instant` in `timeZone`. */
export function localMinuteOfDay(instant: Date, timeZone: string): number {
  let hour = 0;
  let minute = 0;
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type === 'hour') hour = Number(part.value);
    else if (part.type === 'minute') minute = Number(part.value);
  }
  return hour * 60 + minute;
}

export function isQuiet(minuteOfDay: number, quiet: QuietHours): boolean {
  const { startMinute: start, endMinute: end } = quiet;
  if (start === end) return false;
  return start < end ? minuteOfDay >= start && minuteOfDay < end : minuteOfDay >= start || minuteOfDay < end;
}

const MINUTE = 60_000;

/**
 * Undefined if `now` is outside quiet hours in `timeZone`; otherwise the first whole minute when
 * they are over.
 */
export function quietHoursEnd(now: Date, timeZone: string, quiet: QuietHours): Date | undefined {
  const zone = usableTimeZone(timeZone);
  if (!isQuiet(localMinuteOfDay(now, zone), quiet)) return undefined;
  // Every time zone's offset is a multiple of 15 minutes, so steps from a whole minute no longer
  // than the allowed time cannot jump over it; the minute walk then finds its first minute.
  const allowedMinutes = (quiet.startMinute - quiet.endMinute + 1440) % 1440;
  const step = Math.min(15, allowedMinutes) * MINUTE;
  const maxSteps = (26 * 60 * MINUTE) / step; // a day, plus a DST hour and some
  let quietAt = Math.floor(now.getTime() / MINUTE) * MINUTE;
  let steps = 0;
  while (isQuiet(localMinuteOfDay(new Date(quietAt + step), zone), quiet)) {
    quietAt += step;
    if (++steps > maxSteps) throw new Error(`Quiet hours ${quiet.text} never end in ${zone}.`);
  }
  let candidate = quietAt + MINUTE;
  while (isQuiet(localMinuteOfDay(new Date(candidate), zone), quiet)) candidate += MINUTE;
  return new Date(candidate);
}
