/**
 * Quintile scores 1..5 by rank. Ties: every value of a tie group gets the average of the ranks the
 * group spans, and the score comes from that average rank, so equal values always get the same
 * score. Score = floor(5 · (averageRank − ½) / n) + 1 with 1-based ranks, i.e. the quintile that
 * holds the group's mid-point. A consequence worth knowing: a heavy tie (e.g. 35 % of customers
 * with exactly one order) lands in one score and can leave a neighbouring score empty.
 * Customers with `include[i] = 0` get score 0 and take no rank.
 */
export function quintileScores(values: ArrayLike<number>, include?: ArrayLike<number>): Uint8Array {
  const scores = new Uint8Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    if (include && !include[i]) continue;
    if (!Number.isFinite(values[i])) throw new RangeError(`value ${values[i]} at index ${i} cannot be scored; scores need finite values`);
    n++;
  }
  // A score depends only on the value's rank: sort the values themselves (a native numeric sort,
  // several times faster than sorting indices with a comparator), score each distinct value once,
  // then look every customer's value up among the distinct ones.
  const sorted = new Float64Array(n);
  for (let i = 0, k = 0; i < values.length; i++) if (!include || include[i]) sorted[k++] = values[i];
  sorted.sort();
  const distinct = new Float64Array(n);
  const distinctScore = new Uint8Array(n);
  let groups = 0;
  for (let from = 0; from < n; ) {
    let to = from + 1;
    while (to < n && sorted[to] === sorted[from]) to++;
    const averageRank = (from + 1 + to) / 2; // mean of the 1-based ranks from+1 .. to
    distinct[groups] = sorted[from];
    distinctScore[groups++] = Math.min(5, Math.floor((5 * (averageRank - 0.5)) / n) + 1);
    from = to;
  }
  for (let i = 0; i < values.length; i++) {
    if (include && !include[i]) continue;
    const value = values[i];
    let low = 0;
    let high = groups - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (distinct[middle] < value) low = middle + 1;
      else high = middle;
    }
    scores[i] = distinctScore[low];
  }
  return scores;
}
