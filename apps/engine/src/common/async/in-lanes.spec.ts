import { inLanes } from './in-lanes';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('inLanes', () => {
  it('runs every item, at most `lanes` at once, results in index order', async () => {
    let running = 0;
    let most = 0;
    const results = await inLanes(7, 2, async (i) => {
      most = Math.max(most, ++running);
      await tick();
      running--;
      return i * 10;
    });
    expect(results).toEqual([0, 10, 20, 30, 40, 50, 60]);
    expect(most).toBe(2);
  });

  it('after a failure starts nothing new and rejects only when the running items have finished', async () => {
    const started: number[] = [];
    const run = inLanes(6, 2, async (i) => {
      started.push(i);
      if (i === 0) throw new Error('item 0 failed');
      if (i === 1) throw new Error('item 1 failed later');
      await tick();
      return i;
    });
    await expect(run).rejects.toThrow('item 0 failed');
    expect(started).toEqual([0, 1]);
    // a failure thrown synchronously by `work` is caught the same way
    await expect(inLanes(3, 2, (i) => { if (i === 1) throw new Error('sync'); return tick().then(() => i); })).rejects.toThrow('sync');
  });

  it('rejects with the failure that came first in time, whichever lane it was in', async () => {
    const run = inLanes(2, 2, async (i) => {
      if (i === 0) {
        await tick();
        throw new Error('lane 0, later');
      }
      throw new Error('lane 1, first');
    });
    await expect(run).rejects.toThrow('lane 1, first');
  });
});
