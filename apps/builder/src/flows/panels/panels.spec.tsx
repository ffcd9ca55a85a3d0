import '@testing-library/jest-dom';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { outgoingHandles, validateFlowStructure, type FlowNode } from '@retain/rules';
import { installFakeFetch, type FakeFetch } from '../../testing/fake-fetch';
import { renderPanel } from '../testing/render-panel';
import { AbSplitPanel } from './AbSplitPanel';
import { EmailPanel } from './EmailPanel';
import { ExitPanel } from './ExitPanel';
import { GoalPanel } from './GoalPanel';
import { OfferPanel } from './OfferPanel';
import { RiskThresholdPanel } from './RiskThresholdPanel';
import { SegmentFilterPanel } from './SegmentFilterPanel';
import { TriggerPanel } from './TriggerPanel';
import { WaitPanel } from './WaitPanel';
import { WebhookPanel } from './WebhookPanel';

/** The problems the rules find in one node's data (the node alone in a flow is otherwise fine). */
function dataProblems(node: FlowNode) {
  return validateFlowStructure({ schemaVersion: 1, nodes: [node], edges: [] }).filter((p) => p.code !== 'TRIGGER_COUNT' && p.code !== 'UNCONNECTED_OUTPUT' && p.code !== 'UNREACHABLE_NODE');
}

describe('configuration panels', () => {
  it('trigger: a segment from the API, an event with a property condition, a schedule, the re-entry policy and the holdout', async () => {
    const user = userEvent.setup();
    const { latest } = renderPanel(TriggerPanel, 'trigger');
    await user.selectOptions(screen.getByLabelText('Starts when'), 'A customer enters a segment');
    await user.selectOptions(screen.getByLabelText('Segment'), 'At Risk');
    await user.selectOptions(screen.getByLabelText('Re-entry'), 'Again some days after leaving');
    await user.clear(screen.getByLabelText('Days after leaving'));
    await user.type(screen.getByLabelText('Days after leaving'), '90');
    // a new trigger holds out the rules' default share; the marketer may change it, and the rules say when it is too large
    expect(screen.getByLabelText('Holdout (%)')).toHaveValue(5);
    expect(screen.getByLabelText('Holdout (%)')).toHaveAccessibleDescription(/measure what it changes/);
    await user.clear(screen.getByLabelText('Holdout (%)'));
    await user.type(screen.getByLabelText('Holdout (%)'), '80');
    expect(dataProblems({ id: 'trigger', type: 'trigger', position: { x: 0, y: 0 }, data: latest() } as FlowNode).map((p) => p.message).join(' ')).toMatch(/at most 50/);
    await user.clear(screen.getByLabelText('Holdout (%)'));
    await user.type(screen.getByLabelText('Holdout (%)'), '0');
    expect(latest()).toEqual({ source: { kind: 'segment-entered', segmentId: '3' }, reEntry: { policy: 'after-days', days: 90 }, holdoutPercent: 0 });

    await user.selectOptions(screen.getByLabelText('Starts when'), 'A customer does something (event)');
    await user.type(screen.getByLabelText('Event name'), 'cart_abandoned');
    await user.click(screen.getByLabelText('Only when the event’s properties match'));
    await user.click(screen.getByRole('button', { name: 'Add rule' }));
    await user.type(screen.getByLabelText('Rule 1 field'), 'total');
    expect(latest().source).toEqual({ kind: 'event', eventName: 'cart_abandoned', condition: { all: [{ fact: 'total', operator: 'equal', value: '' }] } });

    await user.selectOptions(screen.getByLabelText('Starts when'), 'On a schedule, for a segment');
    await user.selectOptions(screen.getByLabelText('Audience segment'), 'Champions');
    expect(latest().source).toEqual({ kind: 'schedule', cron: '0 9 * * 1', audienceSegmentId: '7' });
  });

  it('segment filter: the condition builder over the fact catalogue', async () => {
    const user = userEvent.setup();
    const { latest } = renderPanel(SegmentFilterPanel, 'segmentFilter');
    await user.click(screen.getByRole('button', { name: 'Add rule' }));
    await user.selectOptions(screen.getByLabelText('Rule 1 field'), 'Days since last purchase');
    await user.selectOptions(screen.getByLabelText('Rule 1 operator'), 'is more than');
    await user.clear(screen.getByLabelText('Rule 1 value'));
    await user.type(screen.getByLabelText('Rule 1 value'), '60');
    expect(latest().condition).toEqual({ all: [{ fact: 'features.recencyDays', operator: 'greaterThan', value: 60 }] });
  });

  it('risk threshold: a slider and a number between 0 and 1, and the comparison', async () => {
    const user = userEvent.setup();
    const { latest } = renderPanel(RiskThresholdPanel, 'riskThreshold');
    expect(screen.getByLabelText('Threshold')).toHaveAttribute('type', 'range');
    await user.clear(screen.getByLabelText('Threshold value'));
    await user.type(screen.getByLabelText('Threshold value'), '0.6');
    await user.selectOptions(screen.getByLabelText('Churn risk is'), 'more than');
    expect(latest()).toEqual({ modelId: 'churn', operator: 'gt', threshold: 0.6 });
    expect(screen.getByLabelText('Threshold')).toHaveValue('0.6');
  });

  it('A/B split: weights must add up to 100; arms added and removed change the outputs; an optional control arm', async () => {
    const user = userEvent.setup();
    const { latest } = renderPanel(AbSplitPanel, 'abSplit');
    expect(screen.getByTestId('ab-total')).toHaveTextContent('Weights add up to 100 %');
    await user.click(screen.getByRole('button', { name: 'Add arm' }));
    expect(latest().variants.map((v) => v.id)).toEqual(['A', 'B', 'C']);
    expect(outgoingHandles({ id: 'n1', type: 'abSplit', position: { x: 0, y: 0 }, data: latest() })).toEqual(['A', 'B', 'C']);
    await user.clear(screen.getByLabelText('Arm C weight (%)'));
    await user.type(screen.getByLabelText('Arm C weight (%)'), '20');
    expect(screen.getByTestId('ab-total')).toHaveTextContent('Weights add up to 120 % — they must add up to 100 %');
    expect(dataProblems({ id: 'n1', type: 'abSplit', position: { x: 0, y: 0 }, data: latest() }).map((p) => p.code)).toEqual(['AB_WEIGHTS']);

    await user.click(screen.getByRole('button', { name: 'Remove arm A' }));
    expect(latest().controlVariantId).toBeUndefined(); // the control arm was A
    await user.clear(screen.getByLabelText('Arm B weight (%)'));
    await user.type(screen.getByLabelText('Arm B weight (%)'), '80');
    await user.type(screen.getByLabelText('Arm B name'), ' (email)');
    await user.selectOptions(screen.getByLabelText('Control arm'), 'B · B (email)');
    expect(latest()).toMatchObject({ variants: [{ id: 'B', label: 'B (email)', weight: 80 }, { id: 'C', weight: 20 }], controlVariantId: 'B' });
    expect(screen.getByRole('button', { name: 'Remove arm B' })).toBeDisabled(); // two arms at least
    await user.click(screen.getByLabelText('Promote the winner automatically'));
    expect(latest().autoPromote).toBe(true);
    await user.click(screen.getByLabelText('Promote the winner automatically'));
    expect(latest().autoPromote).toBeUndefined();
  });

  it('wait: a duration, or an event with a timeout (outputs event / timeout)', async () => {
    const user = userEvent.setup();
    const { latest } = renderPanel(WaitPanel, 'wait');
    await user.clear(screen.getByLabelText('Wait: amount'));
    await user.type(screen.getByLabelText('Wait: amount'), '3');
    await user.selectOptions(screen.getByLabelText('Wait: unit'), 'days');
    expect(latest()).toEqual({ mode: 'duration', duration: { amount: 3, unit: 'days' } });
    await user.selectOptions(screen.getByLabelText('Wait for'), 'An event, with a timeout');
    await user.clear(screen.getByLabelText('Event'));
    await user.type(screen.getByLabelText('Event'), 'email_clicked');
    expect(latest()).toEqual({ mode: 'event', eventName: 'email_clicked', timeout: { amount: 3, unit: 'days' } });
    expect(outgoingHandles({ id: 'n1', type: 'wait', position: { x: 0, y: 0 }, data: latest() })).toEqual(['event', 'timeout']);
  });

  describe('email', () => {
    let fake: FakeFetch;
    afterEach(() => fake.restore());
    const customers = { body: { items: [{ id: 12, name: 'Grace Hopper', email: 'grace@example.com' }], total: 1, page: 1, pageSize: 50 } };

    it('edits subject, body and sender; previews for a chosen customer', async () => {
      fake = installFakeFetch({ 'GET /api/customers': customers, 'POST /api/templates/preview': { body: { subject: 'We miss you, Grace', html: '<p>Hi Grace</p>' } } });
      const user = userEvent.setup();
      const { latest } = renderPanel(EmailPanel, 'email');
      await user.clear(screen.getByLabelText('Subject'));
      await user.type(screen.getByLabelText('Subject'), 'We miss you, {{{{ customer.firstName }}');
      await user.clear(screen.getByLabelText('Sender address'));
      await user.type(screen.getByLabelText('Sender address'), 'shop@example.com');
      expect(latest().content).toMatchObject({ source: 'inline', subject: 'We miss you, {{ customer.firstName }}' });
      expect(latest().from.email).toBe('shop@example.com');

      await user.selectOptions(await screen.findByLabelText('Customer'), 'Grace Hopper');
      await user.click(screen.getByRole('button', { name: 'Show preview' }));
      expect(await screen.findByTestId('email-preview')).toHaveTextContent('Subject: We miss you, Grace');
      expect(fake.callsTo('POST /api/templates/preview')[0].body).toMatchObject({ customerId: 12, subject: 'We miss you, {{ customer.firstName }}' });
    });

    it('says clearly when the server cannot render previews', async () => {
      fake = installFakeFetch({ 'GET /api/customers': customers });
      const user = userEvent.setup();
      renderPanel(EmailPanel, 'email');
      await waitFor(() => expect(screen.getByRole('option', { name: 'Grace Hopper' })).toBeInTheDocument());
      await user.selectOptions(screen.getByLabelText('Customer'), 'Grace Hopper');
      await user.click(screen.getByRole('button', { name: 'Show preview' }));
      expect(await screen.findByText(/Preview unavailable/)).toBeInTheDocument();
    });
  });

  it('offer: kind, value, currency for a fixed amount, expiry and code prefix', async () => {
    const user = userEvent.setup();
    const { latest } = renderPanel(OfferPanel, 'offer');
    await user.clear(screen.getByLabelText('Percent off'));
    await user.type(screen.getByLabelText('Percent off'), '15');
    await user.clear(screen.getByLabelText('Code prefix'));
    await user.type(screen.getByLabelText('Code prefix'), 'comeback');
    expect(latest()).toEqual({ kind: 'percent', value: 15, expiryDays: 14, codePrefix: 'COMEBACK' });
    expect(screen.queryByLabelText('Currency')).not.toBeInTheDocument();
    await user.selectOptions(screen.getByLabelText('Kind of offer'), 'Fixed amount off');
    expect(screen.getByLabelText('Currency')).toHaveValue('EUR');
    await user.clear(screen.getByLabelText('Code valid for (days)'));
    await user.type(screen.getByLabelText('Code valid for (days)'), '400');
    expect(dataProblems({ id: 'n1', type: 'offer', position: { x: 0, y: 0 }, data: latest() }).map((p) => p.code)).toEqual(['INVALID_NODE_DATA']);
  });

  it('webhook: URL, method, header rows and a body template', async () => {
    const user = userEvent.setup();
    const { latest } = renderPanel(WebhookPanel, 'webhook');
    await user.clear(screen.getByLabelText('URL'));
    await user.type(screen.getByLabelText('URL'), 'https://crm.example.com/hook');
    await user.selectOptions(screen.getByLabelText('Method'), 'PUT');
    await user.click(screen.getByRole('button', { name: 'Add header' }));
    await user.type(screen.getByLabelText('Header 2 name'), 'x-api-key');
    await user.type(screen.getByLabelText('Header 2 value'), 'secret');
    await user.click(screen.getByRole('button', { name: 'Remove header 1' }));
    expect(latest()).toMatchObject({ url: 'https://crm.example.com/hook', method: 'PUT', headers: { 'x-api-key': 'secret' } });
  });

  it('goal and exit', async () => {
    const user = userEvent.setup();
    const goal = renderPanel(GoalPanel, 'goal');
    await user.clear(screen.getByLabelText('Counts within: amount'));
    await user.type(screen.getByLabelText('Counts within: amount'), '10');
    expect(goal.latest()).toEqual({ eventName: 'purchase', within: { amount: 10, unit: 'days' } });
    goal.unmount();
    const exit = renderPanel(ExitPanel, 'exit');
    await user.type(screen.getByLabelText('Reason'), 'Low risk');
    await user.type(screen.getByLabelText('Name on the canvas'), 'Done');
    expect(exit.latest()).toEqual({ reason: 'Low risk', label: 'Done' });
  });

  it('are disabled for people who may not edit', () => {
    renderPanel(OfferPanel, 'offer', undefined, { disabled: true });
    for (const input of screen.getAllByRole('textbox')) expect(input).toBeDisabled();
    expect(screen.getByLabelText('Kind of offer')).toBeDisabled();
  });
});
