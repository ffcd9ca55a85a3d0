import '@testing-library/jest-dom';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { SplitResult } from '../api/experiments';
import { renderSignedIn } from '../admin/testing/render-signed-in';
import { ExperimentCard } from './ExperimentCard';

// A split with enough data and no effect (the replay's situation): control 36/797, offer 30/769.
const NO_EFFECT: SplitResult = {
  nodeId: 'split',
  experimentKey: 'win-back-offer-2024',
  label: 'Offer test',
  versions: [1],
  controlId: 'A',
  confidence: 0.95,
  arms: [
    { id: 'A', label: 'Email only', weight: 50, isControl: true, exposures: 797, conversions: 36, rate: 0.0452, rateInterval: { lower: 0.0328, upper: 0.0619 }, absoluteLift: null, relativeLift: null, zTest: null, probabilityToBeatControl: null, probabilityToBeBest: 0.7254 },
    {
      id: 'B',
      label: '15 % offer',
      weight: 50,
      isControl: false,
      exposures: 769,
      conversions: 30,
      rate: 0.039,
      rateInterval: { lower: 0.0275, upper: 0.0552 },
      absoluteLift: { estimate: -0.0062, lower: -0.0265, upper: 0.0142 },
      relativeLift: { estimate: -0.136, lower: -0.46, upper: 0.38 },
      zTest: { z: -0.6, pValue: 0.548 },
      probabilityToBeatControl: 0.2746,
      probabilityToBeBest: 0.2746,
    },
  ],
  sampleRatio: { chiSquare: 0.5, degreesOfFreedom: 1, pValue: 0.479, mismatch: false, expected: { A: 783, B: 783 } },
  sample: { reached: true, required: { exposuresPerArm: 400, conversionsPerArm: 20 }, smallestExposures: 769, smallestConversions: 30, message: 'Minimum sample reached.' },
  promotable: [],
  choosable: ['A', 'B'],
  decision: null,
};

const PROMOTE = 'POST /api/flows/3/experiments/split/promote';

function renderCard(experiment: SplitResult) {
  const onPromoted = jest.fn();
  const fake = renderSignedIn('marketer', {
    path: '/x',
    pattern: '/x',
    element: <ExperimentCard flowId={3} experiment={experiment} canPromote onPromoted={onPromoted} />,
    routes: { [PROMOTE]: { status: 201, body: { flowId: 3, nodeId: 'split', experimentKey: 'win-back-offer-2024', variantId: 'B', decidedAt: '2026-12-03T10:00:00.000Z', decidedById: 1 } } },
  });
  return { fake, onPromoted };
}

describe('ExperimentCard promotion without a convincing result', () => {
  it('lets a marketer choose an arm on the minimum sample only after saying the test did not show it is better', async () => {
    const { fake, onPromoted } = renderCard(NO_EFFECT);
    expect(screen.getByRole('button', { name: 'Keep the control: Email only' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Promote this arm: 15 % offer' }));
    const dialog = screen.getByRole('dialog', { name: 'Promote “15 % offer”?' });
    expect(within(dialog).getByTestId('weak-evidence')).toHaveTextContent('its probability to beat it is 27.5 %, below 95 %');
    const confirm = within(dialog).getByRole('button', { name: 'Promote' });
    expect(confirm).toBeDisabled();
    await userEvent.click(within(dialog).getByRole('checkbox', { name: /I choose “15 % offer” knowing the test did not show it is the better arm/ }));
    await userEvent.click(confirm);
    await screen.findByRole('button', { name: 'Promote this arm: 15 % offer' });
    expect(fake.callsTo(PROMOTE).map((call) => call.body)).toEqual([{ variantId: 'B', experimentKey: 'win-back-offer-2024', acknowledgeWeakEvidence: true }]);
    expect(onPromoted).toHaveBeenCalledTimes(1);
  });

  it('asks nothing more for a convincing winner', async () => {
    const convincing = { ...NO_EFFECT, promotable: ['B'], arms: NO_EFFECT.arms.map((arm) => (arm.id === 'B' ? { ...arm, probabilityToBeatControl: 0.97 } : arm)) };
    const { fake } = renderCard(convincing);
    await userEvent.click(screen.getByRole('button', { name: 'Promote this arm: 15 % offer' }));
    const dialog = screen.getByRole('dialog');
    expect(within(dialog).queryByTestId('weak-evidence')).not.toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Promote' }));
    await waitFor(() => expect(fake.callsTo(PROMOTE)).toHaveLength(1));
    expect(fake.callsTo(PROMOTE)[0].body).toEqual({ variantId: 'B', experimentKey: 'win-back-offer-2024' });
  });

  it('offers no control before the minimum sample', async () => {
    const { fake } = renderCard({ ...NO_EFFECT, sample: { ...NO_EFFECT.sample, reached: false, message: 'Not enough data yet: 300 of 400 exposures per arm.' }, choosable: [] });
    await waitFor(() => expect(fake.callsTo('GET /api/auth/me')).toHaveLength(1));
    expect(screen.queryByRole('button', { name: /Keep the control/ })).not.toBeInTheDocument();
    expect(await screen.findByRole('button', { name: 'Promote this arm: 15 % offer' })).toBeInTheDocument(); // the engine says why when asked
  });
});
