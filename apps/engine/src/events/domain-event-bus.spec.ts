import { DomainEventBus } from './domain-event-bus';

describe('DomainEventBus', () => {
  it('delivers to every subscriber in order, survives a failing handler, and unsubscribes', async () => {
    const bus = new DomainEventBus();
    const seen: string[] = [];
    bus.subscribe('customer.data-changed', (p) => void seen.push(`a:${p.customerIds.join(',')}`));
    bus.subscribe('customer.data-changed', () => {
      throw new Error('boom');
    });
    const off = bus.subscribe('customer.data-changed', async (p) => {
      await new Promise((r) => setTimeout(r, 5));
      seen.push(`c:${p.source}`);
    });
    await bus.publish('customer.data-changed', { customerIds: [1, 2], source: 'ingest' });
    expect(seen).toEqual(['a:1,2', 'c:ingest']);
    off();
    await bus.publish('customer.data-changed', { customerIds: [3], source: 'import' });
    expect(seen).toEqual(['a:1,2', 'c:ingest', 'a:3']);
  });
});
