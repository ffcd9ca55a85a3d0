import '@testing-library/jest-dom';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ModelVersion, ModelVersionDetail, TrainingRun } from '../api/models';
import { renderSignedIn } from '../admin/testing/render-signed-in';
import { type FakeFetch } from '../testing/fake-fetch';
import { ModelsPage } from './ModelsPage';

const ACTIVE: ModelVersion = {
  id: 1,
  kind: 'churn',
  algorithm: 'logistic',
  version: 1,
  status: 'active',
  trainingRunId: 1,
  featureNames: ['frequency', 'spendLastWindow'],
  dataWindow: { population: 'transactions', cutoff: '2011-09-10T00:00:00.000Z', horizonDays: 90, eligibleCustomers: 420, churnRate: 0.457 },
  metrics: {
    rocAuc: 0.7283,
    averagePrecision: 0.6449,
    logLoss: 0.59,
    brierScore: 0.2096,
    accuracy: 0.64,
    precision: 0.625,
    recall: 0.526,
    f1: 0.571,
    threshold: 0.5,
    confusion: { truePositives: 20, falsePositives: 12, trueNegatives: 34, falseNegatives: 18 },
    calibration: [
      { bin: 0, count: 8, meanPredicted: 0.07, observedRate: 0 },
      { bin: 1, count: 8, meanPredicted: 0.6, observedRate: 0.55 },
    ],
  },
  createdAt: '2026-12-01T11:13:36.000Z',
  activatedAt: '2026-12-01T11:13:36.443Z',
  retiredAt: null,
};
const CANDIDATE: ModelVersion = { ...ACTIVE, id: 2, algorithm: 'forest', version: 2, status: 'candidate', activatedAt: null, metrics: { rocAuc: 0.722 } };
const DETAIL: ModelVersionDetail = {
  ...ACTIVE,
  rocPoints: [
    { falsePositiveRate: 0, truePositiveRate: 0 },
    { falsePositiveRate: 0.3, truePositiveRate: 0.7 },
    { falsePositiveRate: 1, truePositiveRate: 1 },
  ],
  importances: [
    { name: 'frequency', meanAucDrop: 0.109 },
    { name: 'spendLastWindow', meanAucDrop: 0.11 },
  ],
};
const RUN: TrainingRun = {
  id: 1,
  status: 'succeeded',
  trigger: 'api',
  options: { population: 'transactions' },
  error: null,
  activatedModelId: 1,
  outcome: { reason: 'logistic has held-out ROC AUC 0.728 (beat forest 0.722); there was no active model' },
  queuedAt: '2026-12-01T11:13:34.891Z',
  startedAt: '2026-12-01T11:13:34.920Z',
  finishedAt: '2026-12-01T11:13:36.550Z',
};

const routes = {
  'GET /api/models': { body: [CANDIDATE, ACTIVE] },
  'GET /api/models/1': { body: DETAIL },
  'GET /api/models/runs': { body: [RUN] },
};

describe('models page', () => {
  let fake: FakeFetch;
  afterEach(() => fake.restore());

  it('shows the active version’s metrics, confusion matrix, ROC curve, importances and calibration, and the runs', async () => {
    fake = renderSignedIn('analyst', { path: '/models', pattern: '/models', element: <ModelsPage />, routes });
    const detail = await screen.findByTestId('model-detail');
    expect(within(detail).getByRole('heading', { name: /churn v1 · Logistic regression/ })).toHaveTextContent('active');
    const metrics = within(detail).getByLabelText('Metrics on held-out customers');
    expect(within(metrics).getByText('ROC AUC').nextSibling).toHaveTextContent('0.728');
    expect(within(metrics).getByText('PR AUC').nextSibling).toHaveTextContent('0.645');
    expect(within(metrics).getByText('Brier score').nextSibling).toHaveTextContent('0.210');
    expect(within(metrics).getByText('Recall').nextSibling).toHaveTextContent('52.6%');
    expect(within(detail).getByTestId('true-positives')).toHaveTextContent('20');
    expect(within(detail).getByRole('img', { name: 'ROC curve (AUC 0.728)' })).toBeInTheDocument();
    const importance = within(detail).getByRole('img', { name: /Feature importance/ });
    const bars = within(importance).getAllByTestId('chart-bar');
    expect(bars[0]).toHaveTextContent('Spend in the last 90 days'); // largest first
    expect(bars[1]).toHaveTextContent('Orders');
    expect(within(detail).getByRole('img', { name: /Calibration by decile/ })).toBeInTheDocument();
    expect(screen.getByRole('table', { name: 'Training runs' })).toHaveTextContent('beat forest 0.722');
    expect(screen.queryByRole('button', { name: 'Train now' })).not.toBeInTheDocument();
  });

  it('lets an admin train now and shows the queued run', async () => {
    let runs: TrainingRun[] = [RUN];
    fake = renderSignedIn('admin', {
      path: '/models',
      pattern: '/models',
      element: <ModelsPage />,
      routes: {
        ...routes,
        'GET /api/models/runs': () => ({ body: runs }),
        'POST /api/models/train': () => {
          runs = [{ ...RUN, id: 2, status: 'queued', finishedAt: null, outcome: null }, RUN];
          return { status: 202, body: runs[0] };
        },
      },
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Train now' }));
    expect(fake.callsTo('POST /api/models/train')[0].body).toEqual({ population: 'transactions' });
    expect(await screen.findByRole('button', { name: 'Training…' })).toBeDisabled();
    expect(screen.getByRole('table', { name: 'Training runs' })).toHaveTextContent('queued');
  });

  it('opens another version from the list', async () => {
    fake = renderSignedIn('analyst', { path: '/models/1', pattern: '/models/:id', element: <ModelsPage />, routes });
    expect(await screen.findByRole('link', { name: /churn v2 · Random forest/ })).toHaveAttribute('href', '/models/2');
    await waitFor(() => expect(fake.callsTo('GET /api/models/1')).toHaveLength(1));
  });
});
