import { clusterPopulation, findOutliers, sampleMask } from './cluster-population';

function blobs(perBlob: number): { name: string; values: Float64Array }[] {
  const x = new Float64Array(perBlob * 3);
  const y = new Float64Array(perBlob * 3);
  let seed = 1;
  const noise = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 0.4;
  for (let i = 0; i < perBlob * 3; i++) {
    const blob = i % 3;
    x[i] = [0, 5, 10][blob] + noise();
    y[i] = [0, 5, 0][blob] + noise();
  }
  return [
    { name: 'purchaseTrend', values: x },
    { name: 'returnRate', values: y },
  ];
}

describe('clusterPopulation', () => {
  it('fits on a sample and assigns everyone else to the same clusters', () => {
    const features = blobs(400);
    const include = new Uint8Array(1200).fill(1);
    const full = clusterPopulation(features, include, { sampleSize: 5000 });
    const sampled = clusterPopulation(features, include, { sampleSize: 300 });
    expect(full.sampled).toBe(false);
    expect(sampled.sampled).toBe(true);
    expect(sampled.fittedOn).toBe(300);
    expect(full.clustering.k).toBe(3);
    expect(sampled.clustering.k).toBe(3);
    // Same partition up to the cluster numbering.
    const mapping = new Map<number, number>();
    for (let c = 0; c < 1200; c++) {
      const a = full.clustering.clusterOfCustomer[c];
      const b = sampled.clustering.clusterOfCustomer[c];
      if (!mapping.has(a)) mapping.set(a, b);
      expect(mapping.get(a)).toBe(b);
    }
    expect(sampled.clustering.profiles.reduce((sum, p) => sum + p.size, 0)).toBe(1200);
  });

  it('samples a seeded subset', () => {
    const include = Uint8Array.from({ length: 100 }, (_, i) => (i % 2 ? 1 : 0));
    const a = sampleMask(include, 10, 3);
    expect(a.count).toBe(10);
    expect(Array.from(a.mask)).toEqual(Array.from(sampleMask(include, 10, 3).mask));
    for (let c = 0; c < 100; c++) if (a.mask[c]) expect(include[c]).toBe(1);
  });
});

describe('findOutliers', () => {
  it('reports points far from every blob as outliers, by customer id', () => {
    const features = blobs(100);
    features[0].values[0] = 60;
    features[1].values[0] = 60;
    const ids = Int32Array.from({ length: 300 }, (_, i) => 1000 + i);
    const report = findOutliers(features, new Uint8Array(300).fill(1), ids);
    expect(report?.outlierCustomerIds).toContain(1000);
    expect(report?.sampled).toBe(false);
  });
});
