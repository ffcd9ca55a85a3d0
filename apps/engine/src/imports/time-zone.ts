/**
 * Wall-clock time in an IANA zone -> UTC instant, with Intl only (no tz dependency).
 * DST follows Temporal's "compatible" rule: a time that occurs twice (autumn) takes the earlier
 * instant; a time that does not exist (spring gap) is moved forward by the gap.
 */

export interface LocalDateTime {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The zone's offset from UTC (ms, positive east of Greenwich) at an instant. */
export function zoneOffsetMs(utcMs: number, timeZone: string): number {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(utcMs))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const wallAsUtc = Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour === 24 ? 0 : fields.hour, fields.minute, fields.second);
  const wholeSecond = utcMs - (((utcMs % 1000) + 1000) % 1000);
  return wallAsUtc - wholeSecond;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/**
 * Offsets by zone and wall-clock day when the day has no transition (Intl is slow: a file repeats
 * the same days many times); days with a transition are resolved minute by minute.
 */
const dayCache = new Map<string, number | null>();
const minuteCache = new Map<string, number>();
const CACHE_LIMIT = 100_000;

function remember<V>(cache: Map<string, V>, key: string, value: V): V {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}

/** The UTC instant (ms) of a wall-clock time in a zone. */
export function localTimeToUtc(local: LocalDateTime, timeZone: string): number {
  const wallDay = Date.UTC(local.year, local.month - 1, local.day);
  const wallMinute = wallDay + local.hour * HOUR_MS + local.minute * 60_000;
  const dayKey = `${timeZone}|${wallDay}`;
  let dayOffset = dayCache.get(dayKey);
  if (dayOffset === undefined) {
    // The same offset from well before the day to well after it: no transition that day.
    const before = zoneOffsetMs(wallDay - DAY_MS, timeZone);
    const after = zoneOffsetMs(wallDay + 2 * DAY_MS, timeZone);
    dayOffset = remember(dayCache, dayKey, before === after ? before : null);
  }
  let offset = dayOffset;
  if (offset === null) {
    const minuteKey = `${timeZone}|${wallMinute}`;
    offset = minuteCache.get(minuteKey) ?? remember(minuteCache, minuteKey, offsetForWallTime(wallMinute, timeZone));
  }
  return wallMinute + local.second * 1000 + local.millisecond - offset;
}

function offsetForWallTime(wallAsUtc: number, timeZone: string): number {
  // Zone transitions are at least days apart: the offsets a day before and after are the candidates.
  const before = zoneOffsetMs(wallAsUtc - DAY_MS, timeZone);
  const after = zoneOffsetMs(wallAsUtc + DAY_MS, timeZone);
  const valid = [before, after].filter((offset) => zoneOffsetMs(wallAsUtc - offset, timeZone) === offset);
  if (valid.length === 0) return before; // in the gap: keep the offset before it, which moves the time forward
  // Twice (autumn): the larger offset gives the earlier instant.
  return Math.max(...valid);
}
