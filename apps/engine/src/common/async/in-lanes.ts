/**
 * `work(i)` for every i in [0, count), at most `lanes` at a time (a few requests or connections in
 * flight, not one per item); results in index order. After a failure no new item starts, and the
 * call rejects with the first failure only once the items already running have finished, so no
 * work outlives the call.
 */
export async function inLanes<R>(count: number, lanes: number, work: (i: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(count);
  let next = 0;
  let failed = false;
  const lane = async () => {
    while (next < count && !failed) {
      const i = next++;
      try {
        results[i] = await work(i);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const settled = await Promise.allSettled(Array.from({ length: Math.min(lanes, count) }, lane));
  const failure = settled.find((lane): lane is PromiseRejectedResult => lane.status === 'rejected');
  if (failure) throw failure.reason;
  return results;
}
