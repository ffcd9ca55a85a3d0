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
  const members: number[] = [];
  for (let i = 0; i < values.length; i++) {
    if (include && !include[i]) continue;
    if (!Number.isFinite(values[i])) throw new RangeError(`value ${values[i]} at index ${i} cannot be scored; scores need finite values`);
    members.push(i);
  }
  const order = Int32Array.from(members).sort((a, b) => values[a] - values[b]);
  const n = order.length;
  for (let from = 0; from < n; ) {
    let to = from + 1;
    while (to < n && values[order[to]] === values[order[from]]) to++;
    const averageRank = (from + 1 + to) / 2; // mean of the 1-based ranks from+1 .. to
    const score = Math.min(5, Math.floor((5 * (averageRank - 0.5)) / n) + 1);
    for (let p = from; p < to; p++) scores[order[p]] = score;
    from = to;
  }
  return scores;
}
