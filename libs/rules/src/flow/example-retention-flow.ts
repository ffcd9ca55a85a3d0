// The example journey from the flows issue, shared by the rules, engine and builder tests:
// segment "At Risk" entered → churn risk ≥ 0.6 → A/B 50/50 (A: email "We miss you"; B: 15 % offer,
// then an email carrying the code) → wait 3 days → goal: a purchase within 7 days.
// Customers under the risk threshold leave through an exit.
import { FLOW_SCHEMA_VERSION, type FlowDefinition } from './flow-schema';

export const exampleRetentionFlow: FlowDefinition = {
  schemaVersion: FLOW_SCHEMA_VERSION,
  nodes: [
    {
      id: 'trigger',
      type: 'trigger',
      position: { x: 0, y: 0 },
      data: { label: 'Entered At Risk', source: { kind: 'segment-entered', segmentId: 'at-risk' }, reEntry: { policy: 'after-days', days: 90 } },
    },
    {
      id: 'risk',
      type: 'riskThreshold',
      position: { x: 0, y: 120 },
      data: { label: 'Churn risk ≥ 0.6', modelId: 'churn', operator: 'gte', threshold: 0.6 },
    },
    {
      id: 'split',
      type: 'abSplit',
      position: { x: 0, y: 240 },
      data: {
        label: 'Offer test',
        experimentKey: 'win-back-offer-2024',
        variants: [
          { id: 'A', label: 'Email only', weight: 50 },
          { id: 'B', label: '15 % offer', weight: 50 },
        ],
        controlVariantId: 'A',
      },
    },
    {
      id: 'email-miss-you',
      type: 'email',
      position: { x: -200, y: 360 },
      data: {
        label: 'We miss you',
        content: { source: 'inline', subject: 'We miss you', body: '<p>Hi {{ customer.firstName }}, we miss you! Come and see what is new.</p>' },
        from: { name: 'The Shop', email: 'hello@shop.example' },
      },
    },
    {
      id: 'offer-15',
      type: 'offer',
      position: { x: 200, y: 360 },
      data: { label: '15 % off', kind: 'percent', value: 15, expiryDays: 14, codePrefix: 'COMEBACK' },
    },
    {
      id: 'email-offer-code',
      type: 'email',
      position: { x: 200, y: 480 },
      data: {
        label: 'Your 15 % code',
        content: {
          source: 'inline',
          subject: '15 % off, just for you',
          body: '<p>Hi {{ customer.firstName }}, use code <strong>{{ offer.code }}</strong> before {{ offer.expiresAt | date: "%d %B" }}.</p>',
        },
        from: { name: 'The Shop', email: 'hello@shop.example' },
      },
    },
    {
      id: 'wait-3-days',
      type: 'wait',
      position: { x: 0, y: 600 },
      data: { label: 'Wait 3 days', mode: 'duration', duration: { amount: 3, unit: 'days' } },
    },
    {
      id: 'goal-purchase',
      type: 'goal',
      position: { x: 0, y: 720 },
      data: { label: 'Purchase within 7 days', eventName: 'purchase', within: { amount: 7, unit: 'days' } },
    },
    {
      id: 'exit-low-risk',
      type: 'exit',
      position: { x: 300, y: 240 },
      data: { label: 'Low risk', reason: 'Churn risk below 0.6' },
    },
  ],
  edges: [
    { id: 'e-trigger-risk', source: 'trigger', sourceHandle: 'next', target: 'risk' },
    { id: 'e-risk-split', source: 'risk', sourceHandle: 'above', target: 'split' },
    { id: 'e-risk-exit', source: 'risk', sourceHandle: 'below', target: 'exit-low-risk' },
    { id: 'e-split-a', source: 'split', sourceHandle: 'A', target: 'email-miss-you' },
    { id: 'e-split-b', source: 'split', sourceHandle: 'B', target: 'offer-15' },
    { id: 'e-offer-email', source: 'offer-15', sourceHandle: 'next', target: 'email-offer-code' },
    { id: 'e-a-wait', source: 'email-miss-you', sourceHandle: 'next', target: 'wait-3-days' },
    { id: 'e-b-wait', source: 'email-offer-code', sourceHandle: 'next', target: 'wait-3-days' },
    { id: 'e-wait-goal', source: 'wait-3-days', sourceHandle: 'next', target: 'goal-purchase' },
  ],
};
