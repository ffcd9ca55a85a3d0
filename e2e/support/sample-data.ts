/** The small sample the browser tests expect, loaded through the real API by the global setup. */

export interface SampleCustomer {
  userId: string;
  email: string;
  name: string;
  country: string;
  plan: string;
}

export const SAMPLE_CUSTOMERS: SampleCustomer[] = [
  { userId: 'e2e-ada', email: 'ada.lovelace@example.com', name: 'Ada Lovelace', country: 'United Kingdom', plan: 'pro' },
  { userId: 'e2e-grace', email: 'grace.hopper@example.com', name: 'Grace Hopper', country: 'United States', plan: 'basic' },
  { userId: 'e2e-alan', email: 'alan.turing@example.com', name: 'Alan Turing', country: 'United Kingdom', plan: 'basic' },
  { userId: 'e2e-marie', email: 'marie.curie@example.com', name: 'Marie Curie', country: 'France', plan: 'pro' },
];

/** Grace's one order: the profile test looks for it in her timeline. */
export const GRACE_ORDER = { event: 'Order Completed', orderId: 'ORD-E2E-1001', revenue: 149.9, timestamp: '2025-06-01T09:30:00Z' };

/** A Segment-style batch: identify every customer, and a few events. */
export function sampleBatch() {
  const identifies = SAMPLE_CUSTOMERS.map((c) => ({
    type: 'identify' as const,
    userId: c.userId,
    traits: { email: c.email, name: c.name, country: c.country, plan: c.plan, favouriteColour: 'green' },
    timestamp: '2025-05-01T08:00:00Z',
  }));
  const tracks = [
    {
      type: 'track' as const,
      userId: 'e2e-grace',
      event: GRACE_ORDER.event,
      properties: { orderId: GRACE_ORDER.orderId, revenue: GRACE_ORDER.revenue, currency: 'USD' },
      timestamp: GRACE_ORDER.timestamp,
    },
    { type: 'track' as const, userId: 'e2e-ada', event: 'Product Viewed', properties: { sku: 'BOOK-42' }, timestamp: '2025-06-02T10:00:00Z' },
    { type: 'track' as const, userId: 'e2e-ada', event: 'Order Completed', properties: { orderId: 'ORD-E2E-1002', revenue: 20 }, timestamp: '2025-06-03T11:00:00Z' },
  ];
  return { batch: [...identifies, ...tracks] };
}
