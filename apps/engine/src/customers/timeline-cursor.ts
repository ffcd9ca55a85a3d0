import { DomainError } from '../common/errors/domain-error';

/**
 * Position in a customer's timeline, newest first. Invoice lines share one timestamp, so the
 * cursor also carries the kind and id of the last item shown; a bare ISO time is accepted too.
 */
export interface TimelineCursor {
  at: Date;
  /** 1 for events, 0 for transactions: events sort first within the same instant. */
  kind: 0 | 1;
  id: bigint;
}

const MAX_ID = 9_223_372_036_854_775_807n;

export function encodeCursor(cursor: TimelineCursor): string {
  return `${cursor.at.toISOString()}|${cursor.kind}|${cursor.id}`;
}

export function decodeCursor(text: string | undefined): TimelineCursor | null {
  if (!text) return null;
  const [iso, kind, id] = text.split('|');
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) throw new DomainError('VALIDATION_FAILED', `before: "${text}" is neither a time nor a timeline position.`, [{ path: 'before', message: 'before: not a time or timeline position' }]);
  if (kind === undefined) return { at, kind: 1, id: MAX_ID };
  if ((kind !== '0' && kind !== '1') || !/^\d+$/.test(id ?? '')) {
    throw new DomainError('VALIDATION_FAILED', `before: "${text}" is not a timeline position from this API.`, [{ path: 'before', message: 'before: malformed timeline position' }]);
  }
  return { at, kind: kind === '1' ? 1 : 0, id: BigInt(id) };
}
