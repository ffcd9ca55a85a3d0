import { startTestApp, type TestApp } from '../testing/test-app';
import { FlowEventOutbox } from './flow-event-outbox';
import { listenForStagedEvents, type OutboxListener } from './outbox-notifications';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('staged flow events announce themselves to other processes', () => {
  let t: TestApp;
  let listener: OutboxListener;
  let ownListener: OutboxListener;
  let heard = 0;
  let heardOwn = 0;

  beforeAll(async () => {
    t = await startTestApp();
    // this test stages from its own process: one listener hears that as if it were another process,
    // the other (as a worker does) leaves it to the in-memory wake
    listener = listenForStagedEvents(t.prisma.pool.options.connectionString!, () => heard++, { fromThisProcessToo: true });
    ownListener = listenForStagedEvents(t.prisma.pool.options.connectionString!, () => heardOwn++);
    await Promise.all([listener.ready, ownListener.ready]);
  });
  afterAll(async () => {
    await listener.close();
    await ownListener.close();
    await t.close();
  });

  it('notifies at the commit of a transaction that staged events, never for one rolled back or one that staged nothing, and not the process that staged them', async () => {
    const outbox = t.app.get(FlowEventOutbox);
    outbox.watch(['outbox_notify_test']);
    const customer = await t.prisma.customer.create({ data: { externalId: `notify-${Date.now()}` } });
    const event = { customerId: customer.id, name: 'outbox_notify_test', properties: {}, occurredAt: new Date() };
    const client = await t.prisma.pool.connect();
    try {
      await client.query('BEGIN');
      expect(await outbox.stage(client, [event, { ...event, name: 'nobody_watches_this' }])).toBe(1);
      await sleep(300);
      expect(heard).toBe(0);
      await client.query('COMMIT');
      for (let i = 0; i < 100 && heard === 0; i++) await sleep(20);
      expect(heard).toBe(1);

      await client.query('BEGIN');
      await outbox.stage(client, [event]);
      await client.query('ROLLBACK');
      await client.query('BEGIN');
      expect(await outbox.stage(client, [{ ...event, name: 'nobody_watches_this' }])).toBe(0);
      await client.query('COMMIT');
      await sleep(300);
      expect(heard).toBe(1);
      expect(heardOwn).toBe(0);
    } finally {
      client.release();
    }
  });
});
