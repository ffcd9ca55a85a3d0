import { inPoolTransaction } from '../ingest/pg-transaction';
import { startTestApp, TestApp } from '../testing/test-app';
import { insertHistory, type PendingChange, writeMembershipChanges } from './membership-writes';

jest.setTimeout(120_000);

describe('membership writes', () => {
  let t: TestApp;
  let segmentId: number;
  const ids: number[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    await t.reset();
    for (const name of ['ann', 'bob', 'cat', 'dan']) ids.push((await t.prisma.customer.create({ data: { externalId: `mw-${name}` } })).id);
    segmentId = (await t.prisma.segment.create({ data: { name: 'Membership writes', kind: 'manual', definition: {} } })).id;
  });
  afterAll(() => t.close());

  const change = (customerId: number, reason: string, extra: Partial<PendingChange> = {}): PendingChange => ({ customerId, reason, score: null, ...extra });
  const members = async () => (await t.prisma.segmentMembership.findMany({ where: { segmentId }, orderBy: { customerId: 'asc' } })).map((m) => m.customerId);
  // one write's rows share their time and come in no particular order: sorted by customer here
  const history = async () => (await t.prisma.segmentMembershipEvent.findMany({ where: { segmentId }, orderBy: [{ customerId: 'asc' }, { id: 'asc' }] })).map((h) => [h.customerId, h.kind, h.reason, h.score, h.asOf?.toISOString() ?? null]);

  it('writes entries and exits with their history in one statement, and returns only the changes it made', async () => {
    const [ann, bob, cat, dan] = ids;
    await t.prisma.segmentMembership.create({ data: { segmentId, customerId: bob } });
    const asOf = new Date('2024-06-01T12:00:00.123Z');
    const at = new Date('2024-06-02T00:00:00Z');
    const written = await inPoolTransaction(t.prisma.pool, (client) =>
      writeMembershipChanges(
        client, segmentId, at,
        // bob is a member already, 999999999 does not exist: neither enters
        [change(dan, 'dan in', { score: 0.75, asOf }), change(ann, 'ann in', { asOf: null }), change(bob, 'bob again', { asOf }), change(999_999_999, 'ghost', { asOf })],
        // cat is not a member: nothing to exit
        [change(cat, 'cat out', { asOf })],
        7, 'facts',
      ),
    );
    expect(written.entered.map((c) => c.reason)).toEqual(['dan in', 'ann in']);
    expect(written.exited).toEqual([]);
    expect(await members()).toEqual([ann, bob, dan].sort((a, b) => a - b));
    // the facts' as-of when known, else the change's time
    expect(await history()).toEqual([
      [ann, 'entered', 'ann in', null, at.toISOString()],
      [dan, 'entered', 'dan in', 0.75, asOf.toISOString()],
    ].sort((a, b) => (a[0] as number) - (b[0] as number)));
  });

  it('exits members, records history only for rows it deleted, and stages afresh for each write in a transaction', async () => {
    const [ann, , cat, dan] = ids;
    await t.prisma.segmentMembershipEvent.deleteMany({ where: { segmentId } });
    const at = new Date('2024-06-03T00:00:00Z');
    const written = await inPoolTransaction(t.prisma.pool, async (client) => {
      const first = await writeMembershipChanges(client, segmentId, at, [], [change(ann, 'ann out'), change(cat, 'cat out')], null, 'wall');
      // a second write in the same transaction must not see the first one's staged rows
      await insertHistory(client, segmentId, 'entered', [change(dan, 'dan noted')], at, null, 'wall');
      return first;
    });
    expect(written.exited.map((c) => c.customerId)).toEqual([ann]);
    expect(await history()).toEqual([
      [ann, 'exited', 'ann out', null, at.toISOString()],
      [dan, 'entered', 'dan noted', null, at.toISOString()],
    ]);
  });
});
