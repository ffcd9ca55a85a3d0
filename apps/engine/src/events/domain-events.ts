/**
 * The domain events one module publishes and others consume, with their payloads. Durable facts
 * stay in PostgreSQL (membership history, import jobs); these events are the in-process signal
 * that something changed, so consumers react without polling.
 */
export interface DomainEvents {
  /** New data (events, transactions, traits) arrived for these customers. */
  'customer.data-changed': { customerIds: number[]; source: 'ingest' | 'import' | 'merge' };
  /** Features, RFM and cluster of these customers were recomputed (customer_facts rows). */
  'customer.facts-updated': { customerIds: number[] | 'all'; asOf: Date };
  /** A model version became the active one; its scores are stored. */
  'model.activated': { modelVersionId: number; kind: string };
  /** The active version re-scored its population (a training run that kept it); the new scores are stored. */
  'model.rescored': { modelVersionId: number; kind: string };
  /** A customer entered or left a segment (one per membership history row). */
  'segment.entered': SegmentMembershipChange;
  'segment.exited': SegmentMembershipChange;
  /** Tracked events were stored (after the ingest transaction committed); flows trigger, resume and reach goals on them. */
  'customer.events-tracked': { events: TrackedEvent[] };
}

export interface TrackedEvent {
  customerId: number;
  name: string;
  properties: Record<string, unknown>;
  occurredAt: Date;
}

export interface SegmentMembershipChange {
  segmentId: number;
  customerId: number;
  at: Date;
  reason: string;
  modelVersionId: number | null;
  score: number | null;
}

export type DomainEventName = keyof DomainEvents;
