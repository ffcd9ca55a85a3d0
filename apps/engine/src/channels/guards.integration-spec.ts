import type { StepAction } from '@retain/rules';
import { startTestApp, type TestApp } from '../testing/test-app';
import { ACTION_PERFORMER, type ActionContext, type ActionPerformer } from './action-contract';
import { startSmtpTestServer, type SmtpTestServer } from './testing/smtp-test-server';
import { detachedEnrollmentIds } from './testing/detached-enrollment-ids';

const email: StepAction = { type: 'email', nodeId: 'e', label: 'E', content: { source: 'inline', subject: 'Hi', body: '<p>Hi</p>' }, from: { email: 'shop@example.com' } };

describe('email guards: frequency cap across flows, quiet hours in the customer time zone', () => {
  let t: TestApp;
  let smtp: SmtpTestServer;
  let performer: ActionPerformer;
  const nextEnrollmentId = detachedEnrollmentIds(4);
  let customerSerial = 0;

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    t = await startTestApp({ SMTP_URL: smtp.url, RETAIN_EMAIL_FREQUENCY_CAP: '2/7d', RETAIN_QUIET_HOURS: '21:00-08:00' });
    performer = t.app.get<ActionPerformer>(ACTION_PERFORMER);
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  const customer = (timeZone?: string) => t.prisma.customer.create({ data: { email: `g${++customerSerial}@example.com`, emailConsent: true, timeZone } });
  const context = (customerId: number, now: Date, flowId = 1, nodeId = 'e'): ActionContext => ({ enrollmentId: nextEnrollmentId(), flowId, flowVersionId: flowId, nodeId, customerId, now });

  it('skips the email that would exceed the cap, counting every flow, and sends again once the window has passed', async () => {
    const c = await customer();
    const day = (d: number) => new Date(Date.UTC(2026, 5, d, 12));
    expect(await performer.perform(email, context(c.id, day(1), 1))).toMatchObject({ status: 'sent' });
    expect(await performer.perform(email, context(c.id, day(2), 2))).toMatchObject({ status: 'sent' });
    const capped = await performer.perform(email, context(c.id, day(3), 3));
    expect(capped).toEqual({ status: 'skipped', reason: 'frequency-cap', message: expect.stringContaining('2/7d') });
    // a skipped email does not count; on day 8 the first one left the 7-day window
    expect(await performer.perform(email, context(c.id, day(8), 4))).toMatchObject({ status: 'sent' });
    expect(smtp.to(c.email!)).toHaveLength(3);
    expect(await t.prisma.delivery.findMany({ where: { customerId: c.id }, orderBy: { id: 'asc' }, select: { status: true } })).toEqual([
      { status: 'sent' },
      { status: 'sent' },
      { status: 'skipped' },
      { status: 'sent' },
    ]);
  });

  it('lets only the cap through when many flows email the same customer at once', async () => {
    const c = await customer();
    const now = new Date('2026-07-01T12:00:00Z');
    const outcomes = await Promise.all([1, 2, 3, 4, 5].map((flow) => performer.perform(email, context(c.id, now, flow))));
    expect(outcomes.filter((o) => o.status === 'sent')).toHaveLength(2);
    expect(outcomes.filter((o) => o.status === 'skipped')).toHaveLength(3);
    expect(smtp.to(c.email!)).toHaveLength(2);
  });

  it('defers an email in the quiet hours of the customer, to their morning, and records nothing meanwhile', async () => {
    const c = await customer('America/Los_Angeles');
    // 23:30 in Los Angeles (PDT, UTC-7); noon in London
    const ctx = context(c.id, new Date('2026-08-01T06:30:00Z'));
    expect(await performer.perform(email, ctx)).toEqual({ status: 'deferred', until: new Date('2026-08-01T15:00:00Z'), reason: 'quiet-hours' });
    expect(await t.prisma.delivery.count({ where: { customerId: c.id } })).toBe(0);
    expect(await performer.perform(email, { ...ctx, now: new Date('2026-08-01T15:00:00Z') })).toMatchObject({ status: 'sent' });
    const london = await customer('Europe/London');
    expect(await performer.perform(email, context(london.id, new Date('2026-08-01T06:30:00Z')))).toEqual({ status: 'deferred', until: new Date('2026-08-01T07:00:00Z'), reason: 'quiet-hours' });
  });
});

describe('email without SMTP_URL', () => {
  it('fails with a message saying email is not configured; offers still work', async () => {
    const t = await startTestApp({ SMTP_URL: '' });
    try {
      const performer = t.app.get<ActionPerformer>(ACTION_PERFORMER);
      const c = await t.prisma.customer.create({ data: { email: 'n@example.com', emailConsent: true } });
      const ctx: ActionContext = { enrollmentId: detachedEnrollmentIds(5)(), flowId: 1, flowVersionId: 1, nodeId: 'e', customerId: c.id, now: new Date('2026-06-01T12:00:00Z') };
      expect(await performer.perform(email, ctx)).toEqual({ status: 'failed', message: expect.stringContaining('Email is not configured: set SMTP_URL') });
      expect(await performer.perform({ type: 'offer', nodeId: 'o', label: 'O', kind: 'points', value: 100, expiryDays: 5, codePrefix: '' }, { ...ctx, nodeId: 'o' })).toMatchObject({ status: 'sent' });
    } finally {
      await t.close();
    }
  });
});
