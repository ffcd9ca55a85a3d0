// Open pixel and click links end to end: a flow sends a real email through the in-process SMTP
// server, the test reads the pixel and link out of the received HTML, calls them over HTTP, and
// checks the outcomes, events, goal and redirect; forged and tampered tokens are refused.
import { startSmtpTestServer, type SmtpTestServer } from '../channels/testing/smtp-test-server';
import { EngagementRepository } from '../kpis/engagement.repository';
import { EnrollmentsService } from '../runtime/enrollments/enrollments.service';
import { TriggerIndexService } from '../runtime/triggers/trigger-index.service';
import { flow, manualTrigger, runtimeKit, type RuntimeKit } from '../runtime/testing/runtime-test-kit';
import { startTestApp, type TestApp } from '../testing/test-app';

const PUBLIC_URL = 'https://retain.example.test';
const SALE = 'https://shop.example.com/sale?utm=winback&x=1';

describe('email open and click tracking', () => {
  let t: TestApp;
  let smtp: SmtpTestServer;
  let kit: RuntimeKit;

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    t = await startTestApp({ SMTP_URL: smtp.url, RETAIN_PUBLIC_URL: `${PUBLIC_URL}/`, RETAIN_TRACKING_SECRET: 'tracking-secret-for-tests-0123', RETAIN_RECONCILE_INTERVAL_MS: '3600000' });
    kit = runtimeKit(t);
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  /** A GET to a tracking URL from an email, against the test server, without following redirects. */
  const get = (publicUrl: string) => fetch(t.baseUrl + publicUrl.slice(PUBLIC_URL.length), { redirect: 'manual' });
  const pixelOf = (html: string) => /<img src="([^"]+)" width="1" height="1"/.exec(html)![1];
  const linkOf = (html: string) => /<a href="([^"]+)">Sale<\/a>/.exec(html)![1].replace(/&amp;/g, '&');
  const waitUntil = async (check: () => Promise<boolean>) => {
    for (let i = 0; i < 100 && !(await check()); i++) await new Promise((resolve) => setTimeout(resolve, 20));
  };

  it('records the first open once, every click, redirects, and reaches a goal on the click', async () => {
    const { flowId } = await kit.publishFlow(
      flow(
        [
          manualTrigger(),
          { id: 'mail', type: 'email', data: { content: { source: 'inline', subject: 'Sale', body: '<p>Hi <a href="https://shop.example.com/sale?utm=winback&amp;x=1">Sale</a> <a href="mailto:help@shop.example.com">help</a></p>' }, from: { name: 'Shop', email: 'shop@example.com' } } },
          { id: 'goal', type: 'goal', data: { eventName: 'email_clicked', within: { amount: 3, unit: 'days' } } },
        ],
        [
          ['trigger', 'next', 'mail'],
          ['mail', 'next', 'goal'],
        ],
      ),
    );
    await t.app.get(TriggerIndexService).refresh(); // the goal listens for email_clicked from now on
    const [ada, bob] = await kit.customers(2);
    await t.app.get(EnrollmentsService).enroll({ flowId, customerIds: [ada, bob], source: 'manual' });
    await kit.drain();
    const mails = await smtp.waitFor(2);
    const adaEmail = (await t.prisma.customer.findUniqueOrThrow({ where: { id: ada } })).email!;
    const adaMail = mails.find((m) => m.envelopeTo.includes(adaEmail))!;
    const bobMail = mails.find((m) => m !== adaMail)!;
    const delivery = await t.prisma.delivery.findFirstOrThrow({ where: { customerId: ada, flowId } });

    const pixel = pixelOf(adaMail.html);
    expect(pixel).toMatch(new RegExp(`^${PUBLIC_URL}/t/o/${delivery.id}\\.[A-Za-z0-9_-]{22}\\.gif$`));
    expect(adaMail.html).toContain('<a href="mailto:help@shop.example.com">help</a>');
    const link = linkOf(adaMail.html);
    expect(link.startsWith(`${PUBLIC_URL}/t/c/${delivery.id}.`)).toBe(true);
    expect(new URL(link).searchParams.get('u')).toBe(SALE);

    // the pixel, loaded three times: always the GIF, one open
    for (let i = 0; i < 3; i++) {
      const response = await get(pixel);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/gif');
      expect(Buffer.from(await response.arrayBuffer()).subarray(0, 6).toString()).toBe('GIF89a');
    }
    const opens = () => t.prisma.flowOutcome.findMany({ where: { flowId, customerId: ada, kind: 'email_opened' } });
    await waitUntil(async () => (await opens()).length > 0);
    await new Promise((resolve) => setTimeout(resolve, 200)); // let the repeated loads finish too
    expect(await opens()).toEqual([expect.objectContaining({ nodeId: 'mail', flowVersionId: delivery.flowVersionId, enrollmentId: delivery.enrollmentId, detail: { deliveryId: delivery.id } })]);

    // two clicks: two click outcomes and events, each a redirect to the shop
    for (let i = 0; i < 2; i++) {
      const response = await get(link);
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toBe(SALE);
    }
    const clicks = await t.prisma.flowOutcome.findMany({ where: { flowId, customerId: ada, kind: 'email_clicked' } });
    expect(clicks).toHaveLength(2);
    expect(clicks[0]).toMatchObject({ nodeId: 'mail', detail: { deliveryId: delivery.id, url: SALE } });
    const events = await t.prisma.event.findMany({ where: { customerId: ada }, orderBy: { id: 'asc' } });
    expect(events.map((e) => e.name)).toEqual(['email_opened', 'email_clicked', 'email_clicked']);
    expect(events[1]).toMatchObject({ source: 'email-tracking', properties: { deliveryId: delivery.id, flowId, nodeId: 'mail', url: SALE } });
    // the goal waited for email_clicked: the click completed the enrollment
    expect(await t.prisma.enrollment.findFirstOrThrow({ where: { flowId, customerId: ada } })).toMatchObject({ status: 'completed' });
    expect(await t.prisma.flowOutcome.count({ where: { flowId, customerId: ada, kind: 'goal-reached' } })).toBe(1);

    // a click with the images off counts as the open too
    const bobDelivery = await t.prisma.delivery.findFirstOrThrow({ where: { customerId: bob, flowId } });
    expect((await get(linkOf(bobMail.html))).status).toBe(302);
    expect(await t.prisma.flowOutcome.findMany({ where: { flowId, customerId: bob, kind: { in: ['email_opened', 'email_clicked'] } }, select: { kind: true, detail: true }, orderBy: { id: 'asc' } })).toEqual([
      { kind: 'email_opened', detail: { deliveryId: bobDelivery.id, fromClick: true } },
      { kind: 'email_clicked', detail: { deliveryId: bobDelivery.id, url: SALE } },
    ]);

    // the engagement KPI counts them: both emails were engaged with
    const engagement = await t.app.get(EngagementRepository).monthly();
    expect(engagement.reason).toBeNull();
    const sentMonth = delivery.createdAt.getUTCFullYear() * 12 + delivery.createdAt.getUTCMonth();
    expect(engagement.rows.find((row) => row.month === sentMonth)!.numerator).toBeGreaterThanOrEqual(2);
  });

  it('refuses forged and tampered links with a 400 and never redirects; a forged pixel records nothing', async () => {
    const { flowId } = await kit.publishFlow(
      flow(
        [manualTrigger(), { id: 'mail', type: 'email', data: { content: { source: 'inline', subject: 'Hi', body: '<p><a href="https://shop.example.com/sale?utm=winback&amp;x=1">Sale</a></p>' }, from: { name: 'Shop', email: 'shop@example.com' } } }, { id: 'done', type: 'exit', data: {} }],
        [
          ['trigger', 'next', 'mail'],
          ['mail', 'next', 'done'],
        ],
      ),
    );
    const [carol] = await kit.customers(1);
    smtp.clear();
    await t.app.get(EnrollmentsService).enroll({ flowId, customerIds: [carol], source: 'manual' });
    await kit.drain();
    const [mail] = await smtp.waitFor(1);
    const link = new URL(linkOf(mail.html));
    const token = link.pathname.split('/').pop()!;
    const deliveryId = Number(token.split('.')[0]);

    const refused = async (path: string) => {
      const response = await fetch(t.baseUrl + path, { redirect: 'manual' });
      expect(response.status).toBe(400);
      expect(response.headers.get('location')).toBeNull();
      return ((await response.json()) as { message: string }).message;
    };
    // the same token sending the customer elsewhere: an open redirect refused
    expect(await refused(`/t/c/${token}?u=${encodeURIComponent('https://evil.example.com/')}`)).toMatch(/signature does not match/);
    // another delivery's id with this signature
    expect(await refused(`/t/c/${deliveryId + 1}.${token.split('.')[1]}?u=${encodeURIComponent(SALE)}`)).toMatch(/signature does not match/);
    // a made-up token, and no target at all
    expect(await refused(`/t/c/${deliveryId}.AAAAAAAAAAAAAAAAAAAAAA?u=${encodeURIComponent(SALE)}`)).toMatch(/signature does not match/);
    expect(await refused(`/t/c/${token}`)).toMatch(/no valid target address/);
    expect(await refused(`/t/c/${token}?u=${encodeURIComponent('javascript:alert(1)')}`)).toMatch(/no valid target address/);

    // a forged pixel still answers the image, and records nothing
    const forged = await fetch(`${t.baseUrl}/t/o/${deliveryId}.AAAAAAAAAAAAAAAAAAAAAA.gif`);
    expect(forged.status).toBe(200);
    expect(forged.headers.get('content-type')).toBe('image/gif');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await t.prisma.flowOutcome.count({ where: { flowId, kind: { in: ['email_opened', 'email_clicked'] } } })).toBe(0);
    expect(await t.prisma.event.count({ where: { customerId: carol } })).toBe(0);
  });
});
