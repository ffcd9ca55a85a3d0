import type { APIRequestContext, Locator, Page } from '@playwright/test';
import { Client } from 'pg';
import { analyticsTest as test, expect, signIn } from '../support/analytics-fixtures';
import { ANALYTICS_ENV, MARKETER, SEEDED_SEGMENTS } from '../support/analytics-workspace';
import { databaseUrl } from '../support/database';
import { ANALYST } from '../support/e2e-env';

// The retention journey, built by hand on the canvas of the analytics workspace (a real
// Online Retail slice with a trained churn model): RFM segment "At Risk" entered → churn risk ≥ 0.6
// → A/B 50/50 (A: email; B: 15 % offer, then an email with the code) → wait 3 days → goal: a
// purchase within 7 days; low risk leaves through an exit.
test.describe.configure({ mode: 'serial' });
test.use({ viewport: { width: 1600, height: 1000 } });

const THRESHOLD = 0.6;
let flowUrl = '';

interface Member {
  id: number;
  externalId: string;
  score: number | null;
}

/** The At Risk members and their active churn scores, read from the database (not through the engine). */
async function atRiskMembers(): Promise<Member[]> {
  const client = new Client({ connectionString: databaseUrl(process.env[ANALYTICS_ENV.databaseName]!) });
  await client.connect();
  try {
    const { rows } = await client.query<Member>(
      `SELECT m.customer_id AS id, c.external_id AS "externalId", s.score
         FROM segment_memberships m
         JOIN segments g ON g.id = m.segment_id AND g.archived_at IS NULL AND g.name = $1
         JOIN customers c ON c.id = m.customer_id
         LEFT JOIN customer_scores s ON s.customer_id = m.customer_id
          AND s.model_version_id = (SELECT id FROM model_versions WHERE kind = 'churn' AND status = 'active' ORDER BY activated_at DESC LIMIT 1)
        ORDER BY m.customer_id`,
      [SEEDED_SEGMENTS.atRisk],
    );
    return rows;
  } finally {
    await client.end();
  }
}

const atOrAbove = (member: Member) => member.score !== null && member.score >= THRESHOLD;

/** An API call as someone, the way an API client would make it. */
async function apiPost<T>(request: APIRequestContext, who: { email: string; password: string }, path: string, data: unknown): Promise<T> {
  const login = await request.post('/api/auth/login', { data: who });
  const { token } = (await login.json()) as { token: string };
  const response = await request.post(path, { data, headers: { authorization: `Bearer ${token}` } });
  if (!response.ok()) throw new Error(`POST ${path} answered ${response.status()}: ${await response.text()}`);
  return (await response.json()) as T;
}

interface EngineSimulation {
  audienceSize: number;
  nodes: Record<string, { reached: number }>;
}

/** "reach 12" or "reach 12 · waiting …", never "reach 123". */
const reach = (n: number) => new RegExp(`^reach ${n.toLocaleString('en-US')}( ·|$)`);
const entered = (n: number) => new RegExp(`^entered ${n} ·`);

/** Drags a palette item onto the canvas, dropping it at (x, y) as fractions of the canvas. */
async function dropNode(page: Page, type: string, x: number, y: number) {
  const canvas = page.getByTestId('flow-canvas');
  const box = (await canvas.boundingBox())!;
  await page.getByTestId(`palette-${type}`).dragTo(canvas, { targetPosition: { x: box.width * x, y: box.height * y } });
}

/**
 * Waits until the canvas viewport stops moving: fit view and focusing a node animate it, and a drag
 * started during the animation aims at where a handle was, not where it ends up. The transform is
 * read every 100 ms until three reads in a row agree (a loaded machine can start the animation
 * late, or skip frames).
 */
async function viewportSettled(page: Page) {
  const viewport = page.locator('.react-flow__viewport');
  let previous: string | null = null;
  let unchanged = 0;
  await expect
    .poll(async () => {
      const now = await viewport.getAttribute('style');
      unchanged = now === previous ? unchanged + 1 : 0;
      previous = now;
      return unchanged >= 2;
    }, { intervals: [100], message: 'the canvas viewport keeps moving' })
    .toBe(true);
}

async function connect(page: Page, from: string, handle: string, to: string) {
  await viewportSettled(page);
  await page.getByTestId(`handle-${from}-${handle}`).dragTo(page.getByTestId(`handle-${to}-in`));
  await expect(page.locator(`.react-flow__edge[data-id="e-${from}-${handle}-${to}"]`)).toHaveCount(1);
}

/** Selects a node by clicking its title, and returns the settings form. */
async function open(page: Page, nodeId: string): Promise<Locator> {
  await page.getByTestId(`node-${nodeId}`).locator('.flow-node-title').click();
  const panel = page.locator('.node-panel');
  await expect(panel.getByRole('heading', { level: 2 })).toContainText(`(${nodeId})`);
  return panel;
}

test('a marketer builds the retention journey, simulates it on real customers, publishes, enrolls and watches the live counts', async ({ page, request }) => {
  test.setTimeout(150_000);
  const members = await atRiskMembers();
  const above = members.filter(atOrAbove).length;
  expect(members.length, 'the seeded RFM segment "At Risk" has members').toBeGreaterThan(0);
  expect(above, `some At Risk customers have a churn score of at least ${THRESHOLD}`).toBeGreaterThan(0);

  await signIn(page, MARKETER);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Flows' }).click();
  await page.getByLabel('New flow name').fill(`Win back ${Date.now()}`);
  await page.getByRole('button', { name: 'Create flow' }).click();
  await expect(page.getByTestId('node-trigger')).toBeVisible();
  flowUrl = new URL(page.url()).pathname;
  const flowId = Number(flowUrl.split('/').pop());

  // every node type is in the palette
  for (const type of ['trigger', 'segmentFilter', 'riskThreshold', 'abSplit', 'wait', 'email', 'offer', 'webhook', 'goal', 'exit']) await expect(page.getByTestId(`palette-${type}`)).toBeVisible();

  // two rows around the trigger (in the middle); the mini map sits bottom right
  await dropNode(page, 'riskThreshold', 0.12, 0.2);
  await dropNode(page, 'abSplit', 0.37, 0.2);
  await dropNode(page, 'email', 0.62, 0.2);
  await dropNode(page, 'offer', 0.87, 0.2);
  await dropNode(page, 'email', 0.12, 0.8);
  await dropNode(page, 'wait', 0.37, 0.8);
  await dropNode(page, 'goal', 0.62, 0.8);
  await dropNode(page, 'exit', 0.87, 0.5);
  for (const id of ['riskThreshold', 'abSplit', 'email', 'offer', 'email-2', 'wait', 'goal', 'exit']) await expect(page.getByTestId(`node-${id}`)).toBeVisible();

  await connect(page, 'trigger', 'next', 'riskThreshold');
  await connect(page, 'riskThreshold', 'above', 'abSplit');
  await connect(page, 'riskThreshold', 'below', 'exit');
  await connect(page, 'abSplit', 'A', 'email');
  await connect(page, 'abSplit', 'B', 'offer');
  await connect(page, 'offer', 'next', 'email-2');
  await connect(page, 'email', 'next', 'wait');
  await connect(page, 'email-2', 'next', 'wait');

  // the wait is not connected yet: a problem, shown on the node and in the list; choosing it selects the node
  await expect(page.getByTestId('problems-wait')).toHaveText('1 problem');
  await page.locator('.problems-list').getByRole('button', { name: /wait/i }).first().click();
  await expect(page.locator('.node-panel h2')).toContainText('(wait)');
  // focusing the problem moved the view to the wait; show the whole journey again (a 300 ms animation)
  await page.getByRole('button', { name: 'Fit view', exact: true }).click();
  await page.waitForTimeout(350);
  await connect(page, 'wait', 'next', 'goal'); // waits for the view to settle first

  // configure every step through its form
  let panel = await open(page, 'trigger');
  await panel.getByLabel('Starts when').selectOption('segment-entered');
  await panel.getByLabel('Segment', { exact: true }).selectOption({ label: SEEDED_SEGMENTS.atRisk });
  await panel.getByLabel('Re-entry').selectOption('after-days');
  await panel.getByLabel('Days after leaving').fill('90');
  // no holdout here: every enrolled customer goes through the journey, so the live counts are exact
  await panel.getByLabel('Holdout (%)').fill('0');

  panel = await open(page, 'riskThreshold');
  await panel.getByLabel('Name on the canvas').fill(`Churn risk ≥ ${THRESHOLD}`);
  await panel.getByLabel('Threshold value').fill(String(THRESHOLD));
  await expect(page.getByTestId('node-riskThreshold')).toContainText(`churn risk ≥ ${THRESHOLD}`);

  panel = await open(page, 'abSplit');
  await panel.getByLabel('Experiment key').fill(`win-back-e2e-${Date.now()}`);
  await panel.getByLabel('Arm A name').fill('Email only');
  await panel.getByLabel('Arm B name').fill('15 % offer');
  // weights that do not add up to 100 are a problem until fixed
  await panel.getByLabel('Arm A weight (%)').fill('60');
  await expect(page.getByTestId('problems-abSplit')).toBeVisible();
  await expect(page.locator('.problems-list')).toContainText('100');
  await expect(page.getByRole('button', { name: 'Publish' })).toBeDisabled();
  await panel.getByLabel('Arm A weight (%)').fill('50');
  await expect(page.getByTestId('problems-abSplit')).toHaveCount(0);

  panel = await open(page, 'email');
  await panel.getByLabel('Subject').fill('We miss you');
  await panel.getByLabel('Sender address').fill('hello@shop.example');

  panel = await open(page, 'offer');
  await panel.getByLabel('Percent off').fill('15');
  await panel.getByLabel('Code prefix').fill('COMEBACK');

  panel = await open(page, 'email-2');
  await panel.getByLabel('Subject').fill('15 % off, just for you');
  await panel.getByLabel('Body (HTML with Liquid)').fill('<p>Hello {{ customer.externalId }}, use code <strong>{{ offer.code }}</strong>.</p>');
  // the live preview, rendered by the engine for a real customer of the slice
  const customer = panel.getByLabel('Customer', { exact: true });
  await expect(customer.locator('option')).not.toHaveCount(1);
  await customer.selectOption({ index: 1 });
  const externalId = (await customer.locator('option:checked').textContent())!.trim();
  await panel.getByRole('button', { name: 'Show preview' }).click();
  await expect(panel.getByTestId('email-preview')).toContainText('15 % off, just for you');
  await expect(panel.getByTestId('email-preview').frameLocator('iframe').locator('p')).toContainText(`Hello ${externalId}, use code`);

  panel = await open(page, 'wait');
  await panel.getByLabel('Wait: amount').fill('3');
  await panel.getByLabel('Wait: unit').selectOption('days');

  panel = await open(page, 'goal');
  await panel.getByLabel('Counts within: amount').fill('7');

  panel = await open(page, 'exit');
  await panel.getByLabel('Reason').fill(`Churn risk below ${THRESHOLD}`);

  await expect(page.locator('.problems-list h2')).toHaveText('No problems');
  // auto-layout rearranges the journey and shows all of it (fit view animates for 300 ms)
  await page.getByRole('button', { name: 'Auto-layout' }).click();
  await page.waitForTimeout(350);
  await viewportSettled(page);
  for (const id of ['trigger', 'riskThreshold', 'abSplit', 'email', 'offer', 'email-2', 'wait', 'goal', 'exit']) await expect(page.getByTestId(`node-${id}`)).toBeInViewport();
  await expect(page.getByTestId('save-status')).toHaveText('Saved');

  // simulate on today's customers: what the canvas shows is the engine's own dry run of the saved
  // draft, and both agree with a count straight from the database
  await page.getByRole('button', { name: 'Simulate' }).click();
  const engine = await apiPost<EngineSimulation>(request, MARKETER, `/api/flows/${flowId}/simulate`, {});
  expect(engine.audienceSize).toBe(members.length);
  expect(engine.nodes.abSplit.reached).toBe(above);
  expect(engine.nodes.exit.reached).toBe(members.length - above);
  expect(engine.nodes.email.reached + engine.nodes.offer.reached).toBe(above);
  await expect(page.getByTestId('simulation-summary')).toContainText(`Members of “${SEEDED_SEGMENTS.atRisk}”: ${members.length.toLocaleString('en-US')} customers`);
  await expect(page.getByTestId('reach-trigger')).toHaveText(reach(members.length));
  await expect(page.getByTestId('reach-riskThreshold')).toHaveText(reach(members.length));
  await expect(page.getByTestId('reach-abSplit')).toHaveText(reach(above));
  await expect(page.getByTestId('reach-email')).toHaveText(reach(engine.nodes.email.reached));
  await expect(page.getByTestId('reach-offer')).toHaveText(reach(engine.nodes.offer.reached));
  await expect(page.getByTestId('reach-wait')).toHaveText(reach(above));
  if (members.length > above) await expect(page.getByTestId('reach-exit')).toHaveText(reach(members.length - above));

  // undo and redo by keyboard
  await page.getByTestId('node-exit').locator('.flow-node-title').click();
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('node-exit')).toHaveCount(0);
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('node-exit')).toBeVisible();
  await expect(page.locator('.problems-list h2')).toHaveText('No problems');

  await page.getByRole('button', { name: 'Publish' }).click();
  const dialog = page.getByRole('dialog', { name: 'Publish this journey?' });
  await expect(dialog).toContainText('Steps added (9)');
  await dialog.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Published version 1.' })).toBeVisible();
  await expect(page.getByTestId('flow-status')).toHaveText('active');

  // the live view of the running journey: nobody yet (members from before it went live do not enter)
  await expect(page.getByTestId('live-status')).toContainText('Live counts');
  await expect(page.getByTestId('live-trigger')).toHaveText(entered(0));

  // enroll a few At Risk customers by hand, by their own ids: some at or above the threshold, some below
  const chosenAbove = members.filter(atOrAbove).slice(0, 4);
  const chosenBelow = members.filter((m) => !atOrAbove(m)).slice(0, 2);
  const chosen = chosenAbove.length + chosenBelow.length;
  await page.getByRole('button', { name: 'Enroll customers' }).click();
  const enroll = page.getByRole('dialog', { name: 'Enroll customers' });
  await enroll.getByLabel('Customers by their ids').check();
  await enroll.getByLabel(/Customer ids/).fill([...chosenAbove, ...chosenBelow].map((m) => m.externalId).join('\n'));
  await enroll.getByRole('button', { name: `Enroll ${chosen}` }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Enrolled' })).toHaveText(`Enrolled ${chosen} of ${chosen} customers.`);

  // the canvas refreshes by itself: the counts move from 0 to who was enrolled, along the branches
  await expect(page.getByTestId('live-trigger')).toHaveText(entered(chosen), { timeout: 30_000 });
  await expect(page.getByTestId('live-riskThreshold')).toHaveText(entered(chosen), { timeout: 30_000 });
  await expect(page.getByTestId('live-abSplit')).toHaveText(entered(chosenAbove.length), { timeout: 30_000 });
  await expect(page.getByTestId('live-exit')).toHaveText(entered(chosenBelow.length), { timeout: 30_000 });
});

test('an analyst sees the journey but cannot change it', async ({ page, request }) => {
  // serial mode: this runs only after the first test passed, which set flowUrl
  expect(flowUrl, 'the flow built by the previous test').not.toBe('');
  await signIn(page, ANALYST);
  await page.goto(flowUrl);
  await expect(page.getByTestId('node-abSplit')).toBeVisible();
  await expect(page.getByRole('note')).toContainText('read-only');
  await expect(page.getByRole('navigation', { name: 'Node palette' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Publish' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Enroll customers' })).toHaveCount(0);
  await expect(page.getByTestId('save-status')).toHaveCount(0);
  const panel = await open(page, 'offer');
  await expect(panel.getByLabel('Percent off')).toBeDisabled();
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('node-offer')).toBeVisible();
  // simulating is reading: analysts may, and see what the engine answers
  await page.getByRole('button', { name: 'Simulate' }).click();
  const engine = await apiPost<EngineSimulation>(request, ANALYST, `/api/flows/${flowUrl.split('/').pop()}/simulate`, {});
  expect(engine.audienceSize).toBeGreaterThan(0);
  await expect(page.getByTestId('reach-trigger')).toHaveText(reach(engine.audienceSize));
});

test('the palette, the canvas nodes and every step’s settings are reachable by keyboard, and every input has a label', async ({ page }) => {
  await signIn(page, MARKETER);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Flows' }).click();
  await page.getByLabel('New flow name').fill(`Keyboard ${Date.now()}`);
  await page.getByRole('button', { name: 'Create flow' }).click();
  await expect(page.getByTestId('node-trigger')).toBeVisible();

  /** Presses Tab (or Shift+Tab) until the target (or something inside it) has the focus. */
  const tabTo = async (target: Locator, what: string, key = 'Tab') => {
    for (let presses = 0; presses < 80; presses++) {
      if (await target.evaluate((element) => element.contains(document.activeElement))) return;
      await page.keyboard.press(key);
    }
    throw new Error(`${what} was not reached with 80 presses of ${key}`);
  };
  /** Form controls of the settings panel without a label or an accessible name. */
  const unlabelled = () =>
    page.locator('.node-panel').evaluate((panel) =>
      Array.from(panel.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>('input, select, textarea'))
        .filter((control) => !control.labels?.length && !control.getAttribute('aria-label') && !control.getAttribute('aria-labelledby'))
        .map((control) => control.outerHTML.slice(0, 120)),
    );

  // every step type: reach its palette entry by Tab, add it with Enter, and its settings have labelled inputs
  const types = ['segmentFilter', 'riskThreshold', 'abSplit', 'wait', 'email', 'offer', 'webhook', 'goal', 'exit'];
  for (const type of types) {
    await tabTo(page.getByTestId(`palette-${type}`), `The palette entry ${type}`);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId(`node-${type}`)).toBeVisible();
    await expect(page.locator('.node-panel h2')).toContainText(`(${type})`);
    expect(await unlabelled(), `unlabelled inputs in the ${type} settings`).toEqual([]);
  }

  // the settings are reached by Tab from the canvas, and edited with the keyboard
  await tabTo(page.getByLabel('Reason'), 'The exit’s Reason field');
  await page.keyboard.type('Done');
  await expect(page.getByTestId('node-exit')).toContainText('Done');

  // back into the canvas: nodes are named for screen readers, and Enter on one opens its settings
  await tabTo(page.getByRole('group', { name: 'Trigger: Trigger (trigger)' }), 'The trigger on the canvas', 'Shift+Tab');
  await page.keyboard.press('Enter');
  await expect(page.locator('.node-panel h2')).toContainText('(trigger)');
  expect(await unlabelled(), 'unlabelled inputs in the trigger settings').toEqual([]);
  await tabTo(page.getByLabel('Starts when'), 'The trigger’s first field');
});
