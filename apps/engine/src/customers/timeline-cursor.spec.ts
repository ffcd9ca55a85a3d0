import { DomainError } from '../common/errors/domain-error';
import { decodeCursor, encodeCursor } from './timeline-cursor';

describe('timeline cursor', () => {
  it('round-trips a position with kind and id', () => {
    const cursor = { at: new Date('2011-05-01T10:00:00.000Z'), kind: 0 as const, id: 123456789012n };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
  });

  it('accepts a bare ISO time as "everything before this instant"', () => {
    const cursor = decodeCursor('2011-05-01T10:00:00Z');
    expect(cursor?.at.toISOString()).toBe('2011-05-01T10:00:00.000Z');
    expect(cursor?.kind).toBe(1);
  });

  it('rejects anything else with a validation error', () => {
    expect(() => decodeCursor('yesterday')).toThrow(DomainError);
    expect(() => decodeCursor('2011-05-01T10:00:00Z|7|1')).toThrow(DomainError);
    expect(() => decodeCursor('2011-05-01T10:00:00Z|1|abc')).toThrow(DomainError);
    expect(decodeCursor(undefined)).toBeNull();
  });
});
