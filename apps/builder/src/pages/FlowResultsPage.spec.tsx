import '@testing-library/jest-dom';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ExperimentsResponse, FlowFunnel, FlowLift, SplitResult } from '../api/experiments';
import { renderSignedIn } from '../admin/testing/render-signed-in';
import { type FakeFetch } from '../testing/fake-fetch';
import { FlowResultsPage } from './FlowResultsPage';

// Counts of a hand-made split: control 100/1,000, offer 130/1,000 (the statistics come from the engine;
// the page only has to show them as they are).
const SPLIT: SplitResult = {
  nodeId: 'split',
  experimentKey: 'winback-2026',
  label: 'Offer or not',
  versions: [1],
  controlId: 'control',
  confidence: 0.95,
  arms: [
    {
      id: 'control',
      label: 'No offer',
      weight: 50,
      isControl: true,
      exposures: 1000,
      conversions: 100,
      rate: 0.1,
      rateInterval: { lower: 0.0829, upper: 0.1202 },
      absoluteLift: null,
      relativeLift: null,
      zTest: null,
      probabilityToBeatControl: null,
      probabilityToBeBest: 0.0181,
    },
    {
      id: 'offer',
      label: '10 % off',
      weight: 50,
      isControl: false,
      exposures: 1000,
      conversions: 130,
      rate: 0.13,
      rateInterval: { lower: 0.1101, upper: 0.153 },
      absoluteLift: { estimate: 0.03, lower: 0.0013, upper: 0.0586 },
      relativeLift: { estimate: 0.3, lower: 0.0185, upper: 0.6577 },
      zTest: { z: 2.0947, pValue: 0.0362 },
      probabilityToBeatControl: 0.9819,
      probabilityToBeBest: 0.9819,
    },
  ],
  sampleRatio: { chiSquare: 0, degreesOfFreedom: 1, pValue: 1, mismatch: false, expected: { control: 1000, offer: 1000 } },
  sample: { reached: true, required: { exposuresPerArm: 400, conversionsPerArm: 20 }, smallestExposures: 1000, smallestConversions: 100, message: 'Minimum sample reached.' },
  promotable: ['offer'],
  decision: null,
};

const EXPERIMENTS: ExperimentsResponse = {
  flowId: 7,
  flowName: 'Win back',
  attribution: { model: 'last-touch', exposure: '…', conversion: '…', windowDays: 7 },
  experiments: [SPLIT],
};

const FUNNEL: FlowFunnel = {
  flowId: 7,
  flowName: 'Win back',
  version: 1,
  counting: '…',
  entries: 2000,
  goalReached: 230,
  goalRate: 0.115,
  nodes: [
    { nodeId: 'start', type: 'trigger', label: null, depth: 0, entered: 2000, outcomes: { entered: 2000 }, byArm: [] },
    { nodeId: 'split', type: 'abSplit', label: 'Offer or not', depth: 1, entered: 2000, outcomes: { entered: 2000 }, byArm: [{ variantId: 'control', entered: 1000, outcomes: { entered: 1000 } }] },
    { nodeId: 'mail', type: 'email', label: 'Offer email', depth: 2, entered: 1000, outcomes: { entered: 1000, sent: 990 }, byArm: [{ variantId: 'offer', entered: 1000, outcomes: { entered: 1000, sent: 990 } }] },
  ],
};

describe('flow results page', () => {
  let fake: FakeFetch;
  afterEach(() => fake.restore());

  it('shows each arm with its rate, interval, lift, p-value and P(beat control), the sample status and the funnel', async () => {
    fake = renderSignedIn('analyst', {
      path: '/flows/7/results',
      pattern: '/flows/:id/results',
      element: <FlowResultsPage />,
      routes: { 'GET /api/flows/7/experiments': { body: EXPERIMENTS }, 'GET /api/kpis/flows/7/funnel': { body: FUNNEL } },
    });
    const table = await screen.findByRole('table', { name: 'Arms of Offer or not' });
    const offer = within(table).getByTestId('arm-offer');
    expect(offer).toHaveTextContent('10 % off');
    expect(offer).toHaveTextContent('1,000');
    expect(offer).toHaveTextContent('13.0 % (11.0 % to 15.3 %)');
    expect(offer).toHaveTextContent('+3.0 pts (+0.1 pts to +5.9 pts)');
    expect(offer).toHaveTextContent('+30.0 %');
    expect(offer).toHaveTextContent('0.036');
    expect(offer).toHaveTextContent('98.2 %');
    expect(within(table).getByTestId('arm-control')).toHaveTextContent('No offer (control)');
    expect(screen.getByTestId('sample-status')).toHaveTextContent('Enough data: every arm has at least 400 exposures and 20 conversions.');
    expect(screen.getByTestId('srm-status')).toHaveTextContent('The split matches its weights');
    expect(within(screen.getByRole('img', { name: 'Conversion rate per arm, with its interval' })).getAllByTestId('interval-row')).toHaveLength(2);
    expect(within(screen.getByRole('img', { name: 'Lift against the control, in percentage points' })).getAllByTestId('interval-row')).toHaveLength(1);
    const funnel = screen.getByRole('img', { name: /Funnel: 2,000 entries, 11.5 % reached the goal/ });
    const bars = within(funnel).getAllByTestId('chart-bar');
    expect(bars.map((bar) => bar.querySelector('title')?.textContent)).toEqual(['Entered: 2,000', 'A/B split: Offer or not: 2,000 · 100 %', 'Email: Offer email: 1,000 · 50 %', 'Goal reached: 230 · 11.5 %']);
    const perArm = screen.getByRole('table', { name: 'Funnel per step and arm' });
    expect(within(perArm).getByRole('row', { name: /Email: Offer email/ })).toHaveTextContent('Email: Offer email1,000—1,000990 sent'); // arms control, offer
    expect(within(perArm).getByRole('row', { name: /A\/B split/ })).toHaveTextContent('A/B split: Offer or not2,0001,000—');
    expect(screen.queryByRole('button', { name: /Promote this arm/ })).not.toBeInTheDocument(); // analysts only read
    expect(screen.queryByTestId('replay-banner')).not.toBeInTheDocument();
    expect(screen.queryByTestId('holdout-lift')).not.toBeInTheDocument(); // an engine without the lift API answers 404
  });

  it('shows the flow’s conversion and retention lift against its holdout, and the lift by segment', async () => {
    const group = (customers: number, conversions: number, lower: number, upper: number) => ({ customers, conversions, rate: conversions / customers, rateInterval: { lower, upper } });
    const comparison = {
      holdout: group(50, 5, 0.0435, 0.2136),
      treated: group(950, 133, 0.1194, 0.1632),
      absoluteLift: { estimate: 0.04, lower: -0.0537, upper: 0.0868 },
      relativeLift: { estimate: 0.4, lower: -0.4216, upper: 2.3896 },
      pValue: 0.4166,
      probabilityTreatedBetter: 0.7912,
    };
    const LIFT: FlowLift = {
      flowId: 7,
      flowName: 'Win back',
      asOf: '2026-12-03T10:00:00.000Z',
      holdoutPercent: 5,
      globalControlPercent: 0,
      windowDays: 30,
      confidence: 0.95,
      conversionDefinition: { goalEvents: [], text: 'A purchase within 30 days after first entering the flow.' },
      retentionDefinition: { horizonDays: 90, text: 'A purchase within 90 days after first entering.' },
      conversion: comparison,
      retention: { ...comparison, treated: group(400, 120, 0.2569, 0.3466), holdout: group(20, 6, 0.1455, 0.5190), absoluteLift: null, relativeLift: null, pValue: null, probabilityTreatedBetter: null },
      bySegment: [
        { segmentId: 3, segmentName: 'At Risk', conversion: comparison, retention: comparison },
        { segmentId: 4, segmentName: 'Champions', conversion: { ...comparison, absoluteLift: null }, retention: comparison },
      ],
    };
    fake = renderSignedIn('analyst', {
      path: '/flows/7/results',
      pattern: '/flows/:id/results',
      element: <FlowResultsPage />,
      routes: { 'GET /api/flows/7/experiments': { body: EXPERIMENTS }, 'GET /api/kpis/flows/7/funnel': { body: FUNNEL }, 'GET /api/flows/7/lift': { body: LIFT } },
    });
    const section = await screen.findByTestId('holdout-lift');
    expect(section).toHaveTextContent('5 % of entrants are held out of the journey');
    const conversion = within(section).getByTestId('lift-conversion');
    expect(conversion).toHaveTextContent('14.0 % of 950');
    expect(conversion).toHaveTextContent('10.0 % of 50');
    expect(conversion).toHaveTextContent('+4.0 pts (-5.4 pts to +8.7 pts)');
    expect(conversion).toHaveTextContent('0.417');
    expect(conversion).toHaveTextContent('79.1 %');
    expect(within(section).getByTestId('lift-retention')).toHaveTextContent('30.0 % of 400');
    const bySegment = within(section).getByRole('img', { name: 'Conversion lift by segment at entry, in percentage points' });
    const rows = within(bySegment).getAllByTestId('interval-row');
    expect(rows.map((row) => row.querySelector('title')?.textContent)).toEqual(['At Risk: +4.0 pts (950 vs 50)', 'Champions: not comparable (950 vs 50)']);
  });

  it('says in words how far a small experiment is from its minimum sample, and warns of a sample-ratio mismatch', async () => {
    const small: SplitResult = {
      ...SPLIT,
      arms: SPLIT.arms.map((arm) => ({ ...arm, exposures: arm.isControl ? 312 : 1020, conversions: arm.isControl ? 12 : 40 })),
      sample: { reached: false, required: { exposuresPerArm: 1000, conversionsPerArm: 20 }, smallestExposures: 312, smallestConversions: 12, message: '…' },
      sampleRatio: { chiSquare: 378, degreesOfFreedom: 1, pValue: 1e-12, mismatch: true, expected: { control: 666, offer: 666 } },
      promotable: [],
    };
    fake = renderSignedIn('marketer', {
      path: '/flows/7/results',
      pattern: '/flows/:id/results',
      element: <FlowResultsPage />,
      routes: {
        'GET /api/flows/7/experiments': { body: { ...EXPERIMENTS, experiments: [small] } },
        'GET /api/kpis/flows/7/funnel': { body: FUNNEL },
        'GET /api/replays': { body: { items: [{ replay: true, flowId: 7, flowName: 'Win back', from: '2011-09-10T00:00:00.000Z', note: 'Real purchases after the cutoff are the conversions.' }] } },
      },
    });
    expect(await screen.findByTestId('sample-status')).toHaveTextContent('Not enough data yet: 312 of 1,000 exposures and 12 of 20 conversions in the smallest arm.');
    expect(screen.getByRole('alert')).toHaveTextContent('the split does not match its weights (sample-ratio mismatch, p < 0.001)');
    const banner = await screen.findByTestId('replay-banner');
    expect(banner).toHaveTextContent('Replay of historical data: no real treatment effect');
    expect(banner).toHaveTextContent('“Win back” replays the data from');
    expect(fake.callsTo('GET /api/replays')[0].query.get('flowId')).toBe('7');
  });

  it('lets a marketer promote an arm after confirming, then shows the decision', async () => {
    let decided = false;
    fake = renderSignedIn('marketer', {
      path: '/flows/7/results',
      pattern: '/flows/:id/results',
      element: <FlowResultsPage />,
      routes: {
        'GET /api/flows/7/experiments': () => ({
          body: decided ? { ...EXPERIMENTS, experiments: [{ ...SPLIT, promotable: [], decision: { variantId: 'offer', decidedAt: '2026-12-03T10:00:00.000Z', decidedById: 1 } }] } : EXPERIMENTS,
        }),
        'GET /api/kpis/flows/7/funnel': { body: FUNNEL },
        'POST /api/flows/7/experiments/split/promote': () => {
          decided = true;
          return { status: 201, body: { flowId: 7, nodeId: 'split', experimentKey: 'winback-2026', variantId: 'offer', decidedAt: '2026-12-03T10:00:00.000Z', decidedById: 1 } };
        },
      },
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Promote this arm: 10 % off' }));
    const dialog = screen.getByRole('dialog', { name: 'Promote “10 % off”?' });
    expect(dialog).toHaveTextContent('98.2 %');
    expect(fake.callsTo('POST /api/flows/7/experiments/split/promote')).toHaveLength(0); // nothing before confirming
    await userEvent.click(within(dialog).getByRole('button', { name: 'Promote' }));
    expect(await screen.findByTestId('decision')).toHaveTextContent('“10 % off” was promoted on');
    expect(fake.callsTo('POST /api/flows/7/experiments/split/promote')[0].body).toEqual({ variantId: 'offer', experimentKey: 'winback-2026' });
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Promote this arm/ })).not.toBeInTheDocument();
    expect(screen.getByTestId('arm-offer')).toHaveTextContent('promoted');
  });

  it('shows the engine’s reason when an arm cannot be promoted yet', async () => {
    fake = renderSignedIn('admin', {
      path: '/flows/7/results',
      pattern: '/flows/:id/results',
      element: <FlowResultsPage />,
      routes: {
        'GET /api/flows/7/experiments': { body: EXPERIMENTS },
        'GET /api/kpis/flows/7/funnel': { body: FUNNEL },
        'POST /api/flows/7/experiments/split/promote': { status: 409, body: { statusCode: 409, code: 'CONFLICT', message: 'Arm “offer” cannot be promoted yet: Not enough data yet.' } },
      },
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Promote this arm: 10 % off' }));
    await userEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Promote' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('cannot be promoted yet');
  });
});
