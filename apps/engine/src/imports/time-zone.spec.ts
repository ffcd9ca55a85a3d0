import { isValidTimeZone, localTimeToUtc, zoneOffsetMs } from './time-zone';

const at = (year: number, month: number, day: number, hour: number, minute = 0, second = 0) => ({ year, month, day, hour, minute, second, millisecond: 0 });
const iso = (ms: number) => new Date(ms).toISOString();

describe('wall-clock time in a zone -> UTC', () => {
  it('uses GMT in winter and BST in summer for Europe/London', () => {
    expect(iso(localTimeToUtc(at(2010, 12, 1, 8, 26), 'Europe/London'))).toBe('2010-12-01T08:26:00.000Z');
    expect(iso(localTimeToUtc(at(2011, 6, 15, 12, 0), 'Europe/London'))).toBe('2011-06-15T11:00:00.000Z');
  });

  it('switches exactly at the spring change (2011-03-27 01:00 GMT), moving times in the gap forward', () => {
    expect(iso(localTimeToUtc(at(2011, 3, 27, 0, 59, 59), 'Europe/London'))).toBe('2011-03-27T00:59:59.000Z');
    // 01:30 does not exist that day in London: it is read as 02:30 BST.
    expect(iso(localTimeToUtc(at(2011, 3, 27, 1, 30), 'Europe/London'))).toBe('2011-03-27T01:30:00.000Z');
    expect(iso(localTimeToUtc(at(2011, 3, 27, 2, 0), 'Europe/London'))).toBe('2011-03-27T01:00:00.000Z');
    expect(iso(localTimeToUtc(at(2011, 3, 27, 9, 0), 'Europe/London'))).toBe('2011-03-27T08:00:00.000Z');
  });

  it('takes the earlier instant for the repeated hour in autumn (2011-10-30) and GMT after it', () => {
    expect(iso(localTimeToUtc(at(2011, 10, 30, 0, 30), 'Europe/London'))).toBe('2011-10-29T23:30:00.000Z');
    expect(iso(localTimeToUtc(at(2011, 10, 30, 1, 30), 'Europe/London'))).toBe('2011-10-30T00:30:00.000Z');
    expect(iso(localTimeToUtc(at(2011, 10, 30, 2, 0), 'Europe/London'))).toBe('2011-10-30T02:00:00.000Z');
    expect(iso(localTimeToUtc(at(2011, 10, 29, 23, 0), 'Europe/London'))).toBe('2011-10-29T22:00:00.000Z');
  });

  it('handles zones west of UTC, half-hour zones and UTC', () => {
    expect(iso(localTimeToUtc(at(2024, 3, 10, 3, 0), 'America/New_York'))).toBe('2024-03-10T07:00:00.000Z');
    expect(iso(localTimeToUtc(at(2024, 3, 10, 1, 59), 'America/New_York'))).toBe('2024-03-10T06:59:00.000Z');
    expect(iso(localTimeToUtc(at(2024, 1, 1, 12, 0), 'Asia/Kolkata'))).toBe('2024-01-01T06:30:00.000Z');
    expect(iso(localTimeToUtc(at(2024, 1, 1, 12, 0), 'UTC'))).toBe('2024-01-01T12:00:00.000Z');
  });

  it('reports offsets and recognizes zone names', () => {
    expect(zoneOffsetMs(Date.UTC(2011, 6, 1), 'Europe/London')).toBe(3_600_000);
    expect(zoneOffsetMs(Date.UTC(2011, 0, 1), 'Europe/London')).toBe(0);
    expect(isValidTimeZone('Europe/London')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });
});
