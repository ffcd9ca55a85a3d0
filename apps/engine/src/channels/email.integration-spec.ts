import type { StepAction } from '@retain/rules';
import { startTestApp, type TestApp } from '../testing/test-app';
import { ACTION_PERFORMER, type ActionContext, type ActionPerformer } from './action-contract';
import { startSmtpTestServer, type SmtpTestServer } from './testing/smtp-test-server';
import { detachedEnrollmentIds } from './testing/detached-enrollment-ids';

const NOW = new Date('2026-06-01T12:00:00Z');
/** The body as the template rendered it: every sent email ends with the open pixel (email-tracking.ts). */
const withoutPixel = (html: string) => html.replace(/<img src="[^"]*\/t\/o\/[^"]*\.gif" width="1" height="1"[^>]*>$/, '');

function emailAction(subject: string, body: string, nodeId = 'email-1'): StepAction {
  return { type: 'email', nodeId, label: 'Email', content: { source: 'inline', subject, body }, from: { name: 'Retain Shop', email: 'shop@example.com' } };
}

describe('email channel (real SMTP server in the test process)', () => {
  let t: TestApp;
  let smtp: SmtpTestServer;
  let performer: ActionPerformer;
  const nextEnrollmentId = detachedEnrollmentIds(1);
  let customerSerial = 0;

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    t = await startTestApp({ SMTP_URL: smtp.url });
    performer = t.app.get<ActionPerformer>(ACTION_PERFORMER);
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });
  beforeEach(() => smtp.clear());

  async function customer(data: { email?: string | null; name?: string; emailConsent?: boolean; timeZone?: string } = {}) {
    const email = data.email === undefined ? `c${++customerSerial}@example.com` : data.email;
    return t.prisma.customer.create({ data: { email, name: data.name ?? 'Ada Lovelace', emailConsent: data.emailConsent ?? true, timeZone: data.timeZone, country: 'United Kingdom' } });
  }

  function context(customerId: number, nodeId = 'email-1', enrollmentId = nextEnrollmentId()): ActionContext {
    return { enrollmentId, flowId: 1, flowVersionId: 1, nodeId, customerId, now: NOW };
  }

  it('renders Liquid for the customer and sends one email; HTML values are escaped, the subject is not', async () => {
    const c = await customer({ name: 'Ada <Byron> Lovelace' });
    const outcome = await performer.perform(emailAction('We miss you, {{ customer.firstName }} & co', '<p>Hi {{ customer.name }} from {{ customer.country | upcase }}{{ customer.nothing.here }}</p>'), context(c.id));
    expect(outcome).toMatchObject({ status: 'sent', detail: { to: c.email, subject: 'We miss you, Ada & co' } });
    const [mail] = await smtp.waitFor(1);
    expect(mail.envelopeTo).toEqual([c.email]);
    expect(mail.subject).toBe('We miss you, Ada & co');
    expect(mail.from).toBe('Retain Shop <shop@example.com>');
    expect(withoutPixel(mail.html)).toBe('<p>Hi Ada &lt;Byron&gt; Lovelace from UNITED KINGDOM</p>');
    expect(mail.text).toBe('Hi Ada <Byron> Lovelace from UNITED KINGDOM');
    const row = await t.prisma.delivery.findFirstOrThrow({ where: { customerId: c.id } });
    expect(row).toMatchObject({ status: 'sent', channel: 'email', attempts: 1, nodeId: 'email-1' });
    expect(mail.headers.get('x-retain-delivery')).toBe(String(row.id));
  });

  it('performs the same (enrollment, node) once when called twice at the same time: one email, one duplicate', async () => {
    const c = await customer();
    const ctx = context(c.id);
    const outcomes = await Promise.all([performer.perform(emailAction('Hello', '<p>once</p>'), ctx), performer.perform(emailAction('Hello', '<p>once</p>'), ctx)]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['duplicate', 'sent']);
    const again = await performer.perform(emailAction('Hello', '<p>once</p>'), ctx);
    expect(again.status).toBe('duplicate');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(smtp.to(c.email!)).toHaveLength(1);
    expect(await t.prisma.delivery.count({ where: { customerId: c.id } })).toBe(1);
  });

  it('skips customers without consent or without an address, and records it so a retry is a duplicate', async () => {
    const noConsent = await customer({ emailConsent: false });
    const ctx = context(noConsent.id);
    expect(await performer.perform(emailAction('Hi', 'x'), ctx)).toMatchObject({ status: 'skipped', reason: 'no-consent' });
    expect(await performer.perform(emailAction('Hi', 'x'), ctx)).toMatchObject({ status: 'duplicate' });
    const noAddress = await customer({ email: null });
    expect(await performer.perform(emailAction('Hi', 'x'), context(noAddress.id))).toMatchObject({ status: 'skipped', reason: 'no-email-address' });
    expect(smtp.messages).toHaveLength(0);
    expect(await t.prisma.delivery.findFirstOrThrow({ where: { customerId: noConsent.id } })).toMatchObject({ status: 'skipped', detail: { reason: 'no-consent' } });
  });

  it('an offer issued earlier in the same enrollment is in the email', async () => {
    const c = await customer();
    const enrollmentId = nextEnrollmentId();
    const offerAction: StepAction = { type: 'offer', nodeId: 'offer-15', label: '15 %', kind: 'percent', value: 15, expiryDays: 14, codePrefix: 'COMEBACK' };
    const issued = await performer.perform(offerAction, context(c.id, 'offer-15', enrollmentId));
    expect(issued).toMatchObject({ status: 'sent', detail: { code: expect.stringMatching(/^COMEBACK-[0-9A-HJKMNP-TV-Z]{10}$/), expiresAt: '2026-06-15T12:00:00.000Z' } });
    const code = (issued as unknown as { detail: { code: string } }).detail.code;
    const sent = await performer.perform(
      emailAction('{{ offer.description }} for you', '<p>Use {{ offer.code }} before {{ offer.expiresOn }}</p>', 'email-code'),
      context(c.id, 'email-code', enrollmentId),
    );
    expect(sent).toMatchObject({ status: 'sent', detail: { offerCode: code } });
    const [mail] = await smtp.waitFor(1);
    expect(mail.subject).toBe('15 % off for you');
    expect(withoutPixel(mail.html)).toBe(`<p>Use ${code} before 2026-06-15</p>`);
    // another enrollment of the same customer does not see this offer
    await performer.perform(emailAction('x', '<p>[{{ offer.code }}]</p>', 'email-code'), context(c.id, 'email-code'));
    const [, other] = await smtp.waitFor(2);
    expect(withoutPixel(other.html)).toBe('<p>[]</p>');
  });

  it('fails with the place of the error when the Liquid cannot be rendered, without sending', async () => {
    const c = await customer();
    const outcome = await performer.perform(emailAction('Hi', '<p>\n{{ customer.name | shout }}</p>'), context(c.id));
    expect(outcome).toEqual({ status: 'failed', message: expect.stringMatching(/body .*undefined filter: shout \(line 2, column 1\)/) });
    expect(smtp.messages).toHaveLength(0);
    expect(await t.prisma.delivery.findFirstOrThrow({ where: { customerId: c.id } })).toMatchObject({ status: 'failed' });
  });

  it('retries a temporary SMTP refusal and gives up on a permanent one', async () => {
    const c = await customer();
    smtp.failNext(1, 451);
    expect(await performer.perform(emailAction('Retry', '<p>r</p>'), context(c.id))).toMatchObject({ status: 'sent' });
    expect(smtp.to(c.email!)).toHaveLength(1);
    expect(await t.prisma.delivery.findFirstOrThrow({ where: { customerId: c.id } })).toMatchObject({ status: 'sent', attempts: 2 });

    const d = await customer();
    smtp.failNext(1, 550);
    const refused = await performer.perform(emailAction('No', '<p>n</p>'), context(d.id));
    expect(refused).toEqual({ status: 'failed', message: expect.stringContaining('550') });
    expect(smtp.to(d.email!)).toHaveLength(0);
  });

  it('never resends a delivery interrupted mid-send: an old `sending` row becomes `unknown`, a fresh one is left alone', async () => {
    const c = await customer();
    const crashed = context(c.id, 'crashed');
    const inFlight = context(c.id, 'in-flight');
    for (const [ctx, claimedAt] of [
      [crashed, new Date(Date.now() - 3_600_000)],
      [inFlight, new Date()],
    ] as const) {
      await t.prisma.delivery.create({ data: { enrollmentId: BigInt(ctx.enrollmentId), nodeId: ctx.nodeId, customerId: c.id, flowId: 1, flowVersionId: 1, channel: 'email', status: 'sending', createdAt: NOW, claimedAt } });
    }
    expect(await performer.perform(emailAction('Again?', '<p>no</p>', 'crashed'), crashed)).toMatchObject({ status: 'duplicate' });
    expect(await performer.perform(emailAction('Again?', '<p>no</p>', 'in-flight'), inFlight)).toMatchObject({ status: 'duplicate' });
    const rows = await t.prisma.delivery.findMany({ where: { customerId: c.id }, orderBy: { nodeId: 'asc' }, select: { nodeId: true, status: true } });
    expect(rows).toEqual([
      { nodeId: 'crashed', status: 'unknown' },
      { nodeId: 'in-flight', status: 'sending' },
    ]);
    expect(smtp.messages).toHaveLength(0);
  });
});
