/**
 * `work(i)` for every i in [0, count), at most `lanes` at a time (a few requests or connections in
 * flight, not one per item); results in index order.
 */
export async function inLanes<R>(count: number, lanes: number, work: (i: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(count);
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const i = next++;
      results[i] = await work(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(lanes, count) }, lane));
  return results;
}
