import { parseAttribute, parseBoolean, parseDateTime, parseDecimal, parseInteger, ValueError } from './value-parsers';

describe('value parsers', () => {
  it('reads plain decimals and refuses anything else with the value in the message', () => {
    expect(parseDecimal('2.55')).toBe(2.55);
    expect(parseDecimal(' -80995 ')).toBe(-80995);
    expect(parseDecimal('1e-05')).toBe(0.00001);
    expect(() => parseDecimal('abc')).toThrow(new ValueError('"abc" is not a number'));
    expect(() => parseDecimal('1,234')).toThrow(ValueError);
    expect(() => parseDecimal('')).toThrow(ValueError);
    expect(parseInteger('42')).toBe(42);
    expect(() => parseInteger('4.5')).toThrow('"4.5" is not a whole number');
  });

  it('reads yes/no words', () => {
    expect(parseBoolean('Yes')).toBe(true);
    expect(parseBoolean('0')).toBe(false);
    expect(() => parseBoolean('maybe')).toThrow('"maybe" is not yes/no');
  });

  it('reads ISO, day-first and month-first dates in a zone, and honours an explicit offset', () => {
    const iso = (ms: number) => new Date(ms).toISOString();
    expect(iso(parseDateTime('2011-07-01 10:00:00', 'iso', 'Europe/London'))).toBe('2011-07-01T09:00:00.000Z');
    expect(iso(parseDateTime('2011-07-01T10:00:00Z', 'iso', 'Europe/London'))).toBe('2011-07-01T10:00:00.000Z');
    expect(iso(parseDateTime('2011-07-01 10:00+02:00', 'iso', 'Europe/London'))).toBe('2011-07-01T08:00:00.000Z');
    expect(iso(parseDateTime('2011-07-01', 'iso', 'UTC'))).toBe('2011-07-01T00:00:00.000Z');
    expect(iso(parseDateTime('12/1/2010 8:26', 'mdy', 'Europe/London'))).toBe('2010-12-01T08:26:00.000Z');
    expect(iso(parseDateTime('01/12/2010 08:26', 'dmy', 'Europe/London'))).toBe('2010-12-01T08:26:00.000Z');
    expect(() => parseDateTime('2011-02-30 10:00', 'iso', 'UTC')).toThrow('"2011-02-30 10:00" is not a valid date or time');
    expect(() => parseDateTime('2012-02-29 10:00', 'iso', 'UTC')).not.toThrow();
    expect(() => parseDateTime('yesterday', 'iso', 'UTC')).toThrow('is not a date (expected YYYY-MM-DD HH:MM:SS)');
  });

  it('types attributes: numbers, yes/no, ids with leading zeros kept as text, blanks as null', () => {
    expect(parseAttribute('29.85', 'auto')).toBe(29.85);
    expect(parseAttribute('No', 'auto')).toBe(false);
    expect(parseAttribute('No internet service', 'auto')).toBe('No internet service');
    expect(parseAttribute('00123', 'auto')).toBe('00123');
    expect(parseAttribute(' ', 'auto')).toBeNull();
    expect(parseAttribute('1', 'boolean')).toBe(true);
    expect(parseAttribute('12', 'integer')).toBe(12);
    expect(() => parseAttribute('twelve', 'integer')).toThrow('"twelve" is not a number');
  });
});
