/**
 * `work(i)` for every i in [0, count), at most `lanes` at a time (a few requests or connections in
 * flight, not one per item); results in index order. After a failure no new item starts, and the
 * call rejects with the first failure (in time) only once the items already running have finished, so no
 * work outlives the call.
 */
export async function inLanes<R>(count: number, lanes: number, work: (i: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(count);
  let next = 0;
  let failure: { reason: unknown } | undefined;
  const lane = async () => {
    while (next < count && !failure) {
      const i = next++;
      try {
        results[i] = await work(i);
      } catch (error) {
        failure ??= { reason: error }; // the first failure in time, whichever lane had it
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(lanes, count) }, lane));
  if (failure) throw failure.reason;
  return results;
}
