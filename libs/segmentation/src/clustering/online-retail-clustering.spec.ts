// Real data: k-means (k by silhouette) and DBSCAN on RFM of the UCI Online Retail customers.
import { computeCustomerFeatures } from '../features/customer-features';
import { loadOnlineRetail, selectLines, validPurchaseMask } from '../testing/online-retail';
import { clusterCustomers, CustomerClustering } from './cluster-customers';
import { dbscan } from './dbscan';
import { standardizeFeatures } from './standardize';

describe('clustering Online Retail customers', () => {
  let rfmFeatures: { name: string; values: Float64Array }[];
  let include: Uint8Array;
  let clustering: CustomerClustering;

  beforeAll(() => {
    const data = loadOnlineRetail();
    const purchases = selectLines(data.transactions, validPurchaseMask(data));
    const features = computeCustomerFeatures(purchases, { cutoff: Date.UTC(2011, 11, 10), customerCount: data.customerIds.length });
    include = features.hasPurchase;
    rfmFeatures = (['recencyDays', 'frequency', 'monetary'] as const).map((name) => ({ name, values: features.columns[name] }));
    clustering = clusterCustomers(rfmFeatures, { include, seed: 1 });
  }, 60_000);

  it('chooses k by silhouette over 2..8 on log1p-standardized RFM of the 4,338 customers', () => {
    const summary = clustering.scores.map((s) => `k=${s.k}: silhouette ${s.silhouette.toFixed(4)}, inertia ${s.inertia.toFixed(1)}`).join('; ');
    const profiles = clustering.profiles.map((p) => `${p.label} (${p.size}, ${(p.share * 100).toFixed(1)} %; median R ${p.features.recencyDays.median.toFixed(0)} d, F ${p.features.frequency.median}, M ${p.features.monetary.median.toFixed(0)})`);
    console.log(`Online Retail k-means: ${summary}\nchosen k=${clustering.k}, silhouette ${clustering.silhouette.toFixed(4)}\n${profiles.join('\n')}`);
    expect(clustering.scores.map((s) => s.k)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(clustering.profiles.reduce((sum, p) => sum + p.size, 0)).toBe(4_338);
    // Measured (seed 1, 3 k-means++ starts per k, silhouette on all 4,338 rows).
    const MEASURED = [0.4333, 0.3391, 0.3349, 0.316, 0.3143, 0.3092, 0.2997];
    clustering.scores.forEach((score, i) => expect(Math.abs(score.silhouette - MEASURED[i])).toBeLessThan(0.01));
    expect(clustering.k).toBe(2);
    expect(Math.abs(clustering.silhouette - 0.4333)).toBeLessThan(0.005);
    expect(new Set(clustering.profiles.map((p) => p.label)).size).toBe(clustering.k);
  });

  it('labels the clusters from their medians', () => {
    const best = clustering.profiles.reduce((a, b) => (a.features.monetary.median > b.features.monetary.median ? a : b));
    const worst = clustering.profiles.reduce((a, b) => (a.features.monetary.median < b.features.monetary.median ? a : b));
    expect(best.label).toMatch(/high spend|frequent buyers/);
    expect(worst.label).toMatch(/low spend|rare buyers|lapsing/);
    expect(best.features.recencyDays.median).toBeLessThan(worst.features.recencyDays.median);
  });

  it('finds dense groups and outliers with DBSCAN, eps from the k-distance knee', () => {
    const { points } = standardizeFeatures(rfmFeatures, include);
    const result = dbscan(points, { minPts: 6 }); // 2 x dimensions, the usual starting point
    console.log(`Online Retail DBSCAN: eps ${result.eps.toFixed(4)}, ${result.clusterCount} clusters of ${Array.from(result.clusterSizes).join(', ')}, ${result.outliers.length} outliers`);
    // Measured: eps 0.3931, 3 clusters (1,919, 1,472, 826) and 121 outliers. The clusters follow the
    // gaps between low order counts (1, 2, 3+ orders) that log1p + standardizing leave wider than eps.
    expect(result.eps).toBeCloseTo(0.3931, 3);
    expect(result.clusterCount).toBe(3);
    expect(result.outliers.length).toBe(121);
  });
});
