/** Words for a cluster whose median is well above (`high`) or below (`low`) the population's. */
export interface FeatureWords {
  high: string;
  low: string;
}

export const DEFAULT_FEATURE_WORDS: Readonly<Record<string, FeatureWords>> = {
  recencyDays: { high: 'lapsing', low: 'recently active' },
  frequency: { high: 'frequent buyers', low: 'rare buyers' },
  monetary: { high: 'high spend', low: 'low spend' },
  tenureDays: { high: 'long-standing', low: 'new' },
  averageOrderValue: { high: 'large baskets', low: 'small baskets' },
  daysBetweenOrders: { high: 'long gaps between orders', low: 'short gaps between orders' },
  purchaseTrend: { high: 'spend rising', low: 'spend falling' },
  spendLastWindow: { high: 'high recent spend', low: 'low recent spend' },
  spendPreviousWindow: { high: 'high earlier spend', low: 'low earlier spend' },
  categoryBreadth: { high: 'broad range', low: 'narrow range' },
  returnRate: { high: 'many returns', low: 'few returns' },
  supportContacts: { high: 'many support contacts', low: 'few support contacts' },
  satisfaction: { high: 'satisfied', low: 'dissatisfied' },
  emailEngagement: { high: 'engaged with email', low: 'ignores email' },
};

export function wordsFor(name: string, vocabulary: Readonly<Record<string, FeatureWords>>): FeatureWords {
  return vocabulary[name] ?? DEFAULT_FEATURE_WORDS[name] ?? { high: `high ${name}`, low: `low ${name}` };
}

/**
 * A readable label per cluster from how far each feature's cluster median sits from the population,
 * in population standard deviations of the transformed feature (`shifts[c][j]`). The two
 * largest shifts of at least `threshold` give the words ("high spend, lapsing"); none gives
 * "typical". Clusters that would share a label get their next word, then a number.
 */
export function labelClusters(shifts: readonly Float64Array[], names: readonly string[], vocabulary: Readonly<Record<string, FeatureWords>> = {}, threshold = 0.5): string[] {
  const wordLists = shifts.map((shift) =>
    names
      .map((name, j) => ({ j, size: Math.abs(shift[j]), word: shift[j] > 0 ? wordsFor(name, vocabulary).high : wordsFor(name, vocabulary).low }))
      .filter((w) => w.size >= threshold)
      .sort((a, b) => b.size - a.size || a.j - b.j)
      .map((w) => w.word),
  );
  const labels = wordLists.map((words) => (words.length ? words.slice(0, 2).join(', ') : 'typical'));
  for (let c = 0; c < labels.length; c++) {
    const clash = labels.some((label, other) => other !== c && label === labels[c]);
    if (clash && wordLists[c].length > 2) labels[c] = wordLists[c].slice(0, 3).join(', ');
  }
  const seen = new Map<string, number>();
  return labels.map((label) => {
    const count = (seen.get(label) ?? 0) + 1;
    seen.set(label, count);
    return count === 1 ? label : `${label} (${count})`;
  });
}
