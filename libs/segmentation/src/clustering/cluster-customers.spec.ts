import { createRandom } from '../random';
import { clusterCustomers } from './cluster-customers';
import { labelClusters } from './cluster-labels';
import { standardizeFeatures } from './standardize';

describe('standardizeFeatures', () => {
  it('log1p-transforms skewed features, clamps negatives and standardizes', () => {
    const result = standardizeFeatures([
      { name: 'monetary', values: [-5, 0, Math.E - 1] },
      { name: 'purchaseTrend', values: [-1, 0, 1] },
      { name: 'constant', values: [2, 2, 2] },
    ]);
    expect(result.transforms).toEqual(['log1p', 'none', 'none']);
    // monetary -> [0, 0, 1]: mean 1/3
    expect(result.center[0]).toBeCloseTo(1 / 3);
    expect(result.points.data[0]).toBeCloseTo((0 - 1 / 3) / result.scale[0]);
    expect(result.scale[2]).toBe(1);
    expect(result.points.data[8]).toBe(0);
  });
});

describe('labelClusters', () => {
  it('words the two largest shifts and keeps labels unique', () => {
    const labels = labelClusters(
      [Float64Array.from([1.2, 2, 0.1]), Float64Array.from([-0.2, -0.1, 0.3]), Float64Array.from([1, 1.5, -0.7]), Float64Array.from([0.1, 0.1, 0.1])],
      ['monetary', 'recencyDays', 'frequency'],
    );
    expect(labels).toEqual(['lapsing, high spend', 'typical', 'lapsing, high spend, rare buyers', 'typical (2)']);
  });
});

describe('clusterCustomers', () => {
  it('profiles clusters in original units and labels them against the population', () => {
    const random = createRandom(9);
    const monetary: number[] = [];
    const recencyDays: number[] = [];
    // 200 loyal big spenders, 300 lapsed small spenders
    for (let i = 0; i < 200; i++) {
      monetary.push(2000 * (1 + random.next()));
      recencyDays.push(5 + 10 * random.next());
    }
    for (let i = 0; i < 300; i++) {
      monetary.push(50 * (1 + random.next()));
      recencyDays.push(200 + 100 * random.next());
    }
    const result = clusterCustomers([{ name: 'monetary', values: monetary }, { name: 'recencyDays', values: recencyDays }], { seed: 1, kMax: 5 });
    expect(result.k).toBe(2);
    expect(result.scores).toHaveLength(4);
    const big = result.profiles.find((p) => p.size === 200);
    const lapsed = result.profiles.find((p) => p.size === 300);
    expect(big?.label).toBe('high spend, recently active');
    expect(lapsed?.label).toBe('lapsing, low spend');
    expect(big?.share).toBeCloseTo(0.4);
    expect(big?.features.monetary.median).toBeGreaterThan(2000);
    expect(result.clusterOfCustomer[0]).toBe(big?.cluster);
  });
});
