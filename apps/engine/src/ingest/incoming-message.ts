import { DomainError } from '../common/errors/domain-error';
import { CustomerColumns, splitTraits } from '../customers/customer-traits';
import type { SegmentBatch, SegmentMessage, SegmentType } from './segment.schemas';

/** Event names under which calls other than track are stored (Segment's own names for page and screen). */
export const STORED_EVENT_NAMES = {
  identify: 'Identify',
  page: 'Page Viewed',
  screen: 'Screen Viewed',
  alias: 'Alias',
} as const;

/** A validated message, reduced to what is stored: who, what, when, and the traits to apply. */
export interface IncomingMessage {
  type: SegmentType;
  userId?: string;
  anonymousId?: string;
  /** alias: the earlier id (usually an anonymousId) that now means `userId`. */
  previousId?: string;
  messageId?: string;
  name: string;
  properties: Record<string, unknown>;
  occurredAt: Date;
  /** Identify traits and context.traits, already split into customer columns and attributes. */
  traits?: { columns: CustomerColumns; attributes: Record<string, unknown> };
}

export interface BatchDefaults {
  context?: Record<string, unknown>;
  sentAt?: string;
}

/**
 * Turns a validated Segment message into what we store. `where` prefixes problems ("batch[3]").
 * Trait values are checked here, so a bad trait rejects the call before anything is written.
 */
export function toIncomingMessage(message: SegmentMessage, where: string, receivedAt: Date, defaults: BatchDefaults = {}): IncomingMessage {
  const prefix = where ? `${where}.` : '';
  const context = defaults.context || message.context ? { ...defaults.context, ...message.context } : undefined;
  return {
    type: message.type,
    userId: message.userId,
    anonymousId: message.anonymousId,
    previousId: message.type === 'alias' ? message.previousId : undefined,
    messageId: message.messageId,
    name: eventName(message),
    properties: eventProperties(message),
    occurredAt: occurredAt(message, receivedAt, defaults.sentAt),
    traits: traitsOf(message, context, prefix),
  };
}

function eventName(message: SegmentMessage): string {
  return message.type === 'track' ? message.event : STORED_EVENT_NAMES[message.type];
}

function eventProperties(message: SegmentMessage): Record<string, unknown> {
  switch (message.type) {
    case 'track':
      return message.properties ?? {};
    case 'page':
    case 'screen':
      return {
        ...message.properties,
        ...(message.name !== undefined ? { name: message.name } : {}),
        ...(message.category !== undefined ? { category: message.category } : {}),
      };
    case 'identify':
      // Kept as sent: the history of what the customer told us, and when.
      return message.traits ?? {};
    case 'alias':
      return { previousId: message.previousId };
  }
}

/**
 * Segment's rule: `timestamp` if sent; else `originalTimestamp` corrected for the sender's clock
 * skew (receivedAt - (sentAt - originalTimestamp)); else the time we received it.
 */
export function occurredAt(message: Pick<SegmentMessage, 'timestamp' | 'originalTimestamp' | 'sentAt'>, receivedAt: Date, batchSentAt?: string): Date {
  if (message.timestamp) return new Date(message.timestamp);
  if (message.originalTimestamp) {
    const original = Date.parse(message.originalTimestamp);
    const sentAt = message.sentAt ?? batchSentAt;
    if (!sentAt) return new Date(original);
    const corrected = receivedAt.getTime() - (Date.parse(sentAt) - original);
    // A sentAt far off would move the event anywhere; never past the time we received it.
    return new Date(Math.min(corrected, receivedAt.getTime()));
  }
  return receivedAt;
}

function traitsOf(message: SegmentMessage, context: Record<string, unknown> | undefined, prefix: string): IncomingMessage['traits'] {
  const contextTraits = context?.traits;
  if (contextTraits !== undefined && (contextTraits === null || typeof contextTraits !== 'object' || Array.isArray(contextTraits))) {
    const path = `${prefix}context.traits`;
    throw new DomainError('VALIDATION_FAILED', `${path}: must be an object`, [{ path, message: `${path}: must be an object` }]);
  }
  const own = message.type === 'identify' ? message.traits : undefined;
  if (!own && !contextTraits) return undefined;
  // context.traits are what the library remembers; the identify call's own traits win over them.
  const fromContext = contextTraits ? splitTraits(contextTraits as Record<string, unknown>, `${prefix}context.traits`) : undefined;
  const fromCall = own ? splitTraits(own, `${prefix}traits`) : undefined;
  return {
    columns: { ...fromContext?.columns, ...fromCall?.columns },
    attributes: { ...fromContext?.attributes, ...fromCall?.attributes },
  };
}

/** All messages of a batch, with the batch-level context and sentAt applied. */
export function batchToIncomingMessages(batch: SegmentBatch, receivedAt: Date): IncomingMessage[] {
  const defaults: BatchDefaults = { context: batch.context, sentAt: batch.sentAt };
  return batch.batch.map((message, index) => toIncomingMessage(message, `batch[${index}]`, receivedAt, defaults));
}
