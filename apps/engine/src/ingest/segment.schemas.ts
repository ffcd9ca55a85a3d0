import { z } from 'zod';

/**
 * The Segment HTTP tracking API's message shapes (https://segment.com/docs/connections/sources/catalog/libraries/server/http-api/).
 * Objects are strict: a misspelt field is a 400 naming it instead of data silently lost.
 */

/** How far ahead of our clock an event's time may be (clock skew, time zones sent wrong) before it is refused. */
export const MAX_FUTURE_MS = 24 * 60 * 60 * 1000;

export const SEGMENT_TYPES = ['identify', 'track', 'page', 'screen', 'alias'] as const;
export type SegmentType = (typeof SEGMENT_TYPES)[number];

const ID_MAX = 255;

/** userId / anonymousId / previousId: Segment libraries send strings, some send numbers; "" and null mean "not sent". */
const identifier = z
  .union([z.string().trim().max(ID_MAX, `must be at most ${ID_MAX} characters`), z.number().finite()], {
    error: 'must be a string (or a number)',
  })
  .nullable()
  .optional()
  .transform((v) => (v === null || v === undefined || v === '' ? undefined : String(v)))
  .describe('A string (numbers are accepted and stored as text).');

const isoDate = z.iso.datetime({
  offset: true,
  error: 'must be an ISO-8601 date-time with a time zone, for example 2024-03-01T12:00:00Z',
});

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Free-form objects (properties, traits, context): checked as objects, their contents kept as sent.
 * A custom check, not z.record: that walks every key of every message and was a third of the
 * validation time of a batch.
 */
const object = (description: string) =>
  z.custom<Record<string, unknown>>(isPlainObject, { error: 'must be an object' }).meta({ type: 'object', additionalProperties: true, description });

/** Fields every Segment call may carry. */
const commonFields = {
  userId: identifier.describe('Your id for the customer (customers.external_id).'),
  anonymousId: identifier.describe('A device or cookie id for a visitor not yet identified.'),
  messageId: z.string().trim().min(1, 'must not be empty').max(ID_MAX, `must be at most ${ID_MAX} characters`).optional().describe('Unique per message: a re-sent message is stored once.'),
  timestamp: isoDate.optional().describe('When it happened (ISO 8601). Defaults to originalTimestamp corrected for clock skew, else the time received.'),
  originalTimestamp: isoDate.optional(),
  sentAt: isoDate.optional(),
  receivedAt: isoDate.optional().describe('Accepted for compatibility; Retain records its own receive time.'),
  context: object('Context (ip, userAgent, page, campaign, traits...). context.traits update the customer like identify traits.').optional(),
  integrations: object('Destinations to enable or disable; accepted for compatibility.').optional(),
  channel: z.string().max(50).optional().describe('server, browser or mobile.'),
  version: z.union([z.number(), z.string().max(50)], { error: 'must be a number or a string' }).optional(),
  // analytics.js (analytics-next) adds these to every message; accepted and ignored.
  _metadata: object('Library metadata; ignored.').optional(),
  writeKey: z.string().max(500).optional().describe('Ignored: the write key is read from the Authorization header.'),
};

const properties = object('Properties of the event.').optional();
const traits = object('Traits of the customer: email, name, age, plan... go to columns, the rest to attributes.').optional();
const eventName = z.string({ error: 'must be a string' }).trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');

const typeIs = <T extends SegmentType>(type: T) => z.literal(type, { error: `must be "${type}"` });

/** The fields of each call besides `type`. */
const callFields = {
  identify: { ...commonFields, traits },
  track: {
    ...commonFields,
    event: z.string({ error: 'is required for a track call (the event name, for example "Order Completed")' }).pipe(eventName),
    properties,
  },
  page: { ...commonFields, name: eventName.optional(), category: eventName.optional(), properties },
  screen: { ...commonFields, name: eventName.optional(), category: eventName.optional(), properties },
  alias: { ...commonFields, previousId: identifier.describe('The id the customer had before (an anonymousId, usually).') },
};

interface CheckedFields {
  userId?: string;
  anonymousId?: string;
  timestamp?: string;
  originalTimestamp?: string;
  previousId?: string;
}

/** Rules across fields: who the message is about, and a believable time. */
function checkMessage(type: SegmentType, message: CheckedFields, ctx: z.RefinementCtx) {
  if (type === 'alias') {
    if (!message.userId) ctx.addIssue({ code: 'custom', path: ['userId'], message: 'is required for an alias call (the id the customer has now)' });
    if (!message.previousId) ctx.addIssue({ code: 'custom', path: ['previousId'], message: 'is required for an alias call (the id the customer had before)' });
  } else if (!message.userId && !message.anonymousId) {
    ctx.addIssue({ code: 'custom', path: ['userId'], message: 'send a userId or an anonymousId (or both): a message must say who it is about' });
  }
  const latest = Date.now() + MAX_FUTURE_MS;
  for (const field of ['timestamp', 'originalTimestamp'] as const) {
    const value = message[field];
    if (value !== undefined && Date.parse(value) > latest) {
      ctx.addIssue({ code: 'custom', path: [field], message: `${value} is more than 24 hours in the future; send the time the event happened, with its time zone` });
    }
  }
}

/** One call to /v1/identify, /v1/track, ...: `type` may be left out. */
export const singleCallSchemas = {
  identify: z.strictObject({ type: typeIs('identify').optional(), ...callFields.identify }).superRefine((m, ctx) => checkMessage('identify', m, ctx)),
  track: z.strictObject({ type: typeIs('track').optional(), ...callFields.track }).superRefine((m, ctx) => checkMessage('track', m, ctx)),
  page: z.strictObject({ type: typeIs('page').optional(), ...callFields.page }).superRefine((m, ctx) => checkMessage('page', m, ctx)),
  screen: z.strictObject({ type: typeIs('screen').optional(), ...callFields.screen }).superRefine((m, ctx) => checkMessage('screen', m, ctx)),
  alias: z.strictObject({ type: typeIs('alias').optional(), ...callFields.alias }).superRefine((m, ctx) => checkMessage('alias', m, ctx)),
};

const inBatch = {
  identify: z.strictObject({ type: typeIs('identify'), ...callFields.identify }).superRefine((m, ctx) => checkMessage('identify', m, ctx)),
  track: z.strictObject({ type: typeIs('track'), ...callFields.track }).superRefine((m, ctx) => checkMessage('track', m, ctx)),
  page: z.strictObject({ type: typeIs('page'), ...callFields.page }).superRefine((m, ctx) => checkMessage('page', m, ctx)),
  screen: z.strictObject({ type: typeIs('screen'), ...callFields.screen }).superRefine((m, ctx) => checkMessage('screen', m, ctx)),
  alias: z.strictObject({ type: typeIs('alias'), ...callFields.alias }).superRefine((m, ctx) => checkMessage('alias', m, ctx)),
};

/** One message inside /v1/batch: `type` says which call it is. */
export const batchMessageSchema = z.discriminatedUnion('type', [inBatch.identify, inBatch.track, inBatch.page, inBatch.screen, inBatch.alias], {
  error: (issue) =>
    issue.code === 'invalid_union' ? `type must be one of ${SEGMENT_TYPES.map((t) => `"${t}"`).join(', ')} (group calls are not supported)` : undefined,
});

export const batchSchema = z.strictObject({
  batch: z.array(batchMessageSchema, { error: 'must be a list of messages' }).min(1, 'must hold at least one message'),
  context: object('Context merged into every message (a message\'s own context wins).').optional(),
  integrations: object('Accepted for compatibility.').optional(),
  sentAt: isoDate.optional().describe('When the batch was sent; corrects each message\'s originalTimestamp for clock skew.'),
  timestamp: isoDate.optional().describe('Accepted for compatibility; ignored.'),
  messageId: z.string().max(ID_MAX).optional().describe('Accepted for compatibility; ignored (each message has its own).'),
  _metadata: object('Library metadata; ignored.').optional(),
  writeKey: z.string().max(500).optional().describe('Ignored: the write key is read from the Authorization header.'),
});

export type SegmentMessage = z.infer<typeof batchMessageSchema>;
export type SegmentBatch = z.infer<typeof batchSchema>;
