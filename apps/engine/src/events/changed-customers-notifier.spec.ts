import { ChangedCustomersNotifier } from './changed-customers-notifier';
import { DomainEventBus } from './domain-event-bus';

describe('ChangedCustomersNotifier', () => {
  it('coalesces ids per source into one event per flush', async () => {
    jest.useFakeTimers();
    const bus = new DomainEventBus();
    const seen: unknown[] = [];
    bus.subscribe('customer.data-changed', (p) => void seen.push(p));
    const notifier = new ChangedCustomersNotifier(bus);
    notifier.add([1, 2], 'ingest');
    notifier.add([2, 3], 'ingest');
    notifier.add([9], 'import');
    expect(seen).toEqual([]);
    jest.advanceTimersByTime(1_000);
    jest.useRealTimers();
    await notifier.flush();
    expect(seen).toEqual([
      { customerIds: [1, 2, 3], source: 'ingest' },
      { customerIds: [9], source: 'import' },
    ]);
  });
});
