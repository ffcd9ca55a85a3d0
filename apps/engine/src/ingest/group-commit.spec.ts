import { GroupCommitter } from './group-commit';

/** A commit that records its groups and finishes when the test says. */
function recordingCommit() {
  const groups: number[][] = [];
  const pending: (() => void)[] = [];
  const commit = (items: number[]) =>
    new Promise<PromiseSettledResult<number>[]>((resolve, reject) => {
      groups.push(items);
      pending.push(() => (items.includes(-1) ? reject(new Error('database down')) : resolve(items.map((value) => ({ status: 'fulfilled', value: value * 10 })))));
    });
  const finishNext = async () => {
    pending.shift()!();
    // the finished group's promise callbacks, then the next flush (setImmediate)
    for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
  };
  return { groups, commit, finishNext };
}
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('GroupCommitter', () => {
  it('writes the calls of one moment together, and those arriving meanwhile as the next group', async () => {
    const { groups, commit, finishNext } = recordingCommit();
    const committer = new GroupCommitter<number, number>(commit, () => 1, { concurrentGroups: 1, maxGroupSize: 100 });
    const first = [1, 2, 3].map((n) => committer.submit(n));
    await tick();
    const second = [4, 5].map((n) => committer.submit(n));
    await tick();
    expect(groups).toEqual([[1, 2, 3]]);
    await finishNext();
    expect(groups).toEqual([[1, 2, 3], [4, 5]]);
    await finishNext();
    await expect(Promise.all([...first, ...second])).resolves.toEqual([10, 20, 30, 40, 50]);
  });

  it('caps a group at maxGroupSize, and a single larger call is a group of its own', async () => {
    const { groups, commit, finishNext } = recordingCommit();
    const committer = new GroupCommitter<number, number>(commit, (n) => n, { concurrentGroups: 1, maxGroupSize: 5 });
    const all = [2, 2, 2, 9, 1].map((n) => committer.submit(n));
    for (let i = 0; i < 4; i++) {
      await tick();
      await finishNext();
    }
    expect(groups).toEqual([[2, 2], [2], [9], [1]]);
    await expect(Promise.all(all)).resolves.toEqual([20, 20, 20, 90, 10]);
  });

  it('fails every call of a failed group, and the next group is written anyway', async () => {
    const { commit, finishNext } = recordingCommit();
    const committer = new GroupCommitter<number, number>(commit, () => 1, { concurrentGroups: 1, maxGroupSize: 100 });
    const failed = [1, -1].map((n) => committer.submit(n).catch((error: Error) => error.message));
    await tick();
    const later = committer.submit(7);
    await finishNext();
    await finishNext();
    await expect(Promise.all(failed)).resolves.toEqual(['database down', 'database down']);
    await expect(later).resolves.toBe(70);
  });

  it('settles each call as the commit says when it wrote them one by one', async () => {
    const commit = async (items: string[]): Promise<PromiseSettledResult<string>[]> =>
      items.map((item) => (item === 'bad' ? { status: 'rejected', reason: new Error('bad value') } : { status: 'fulfilled', value: item.toUpperCase() }));
    const committer = new GroupCommitter<string, string>(commit, () => 1, { concurrentGroups: 2, maxGroupSize: 100 });
    const [a, bad, b] = ['a', 'bad', 'b'].map((item) => committer.submit(item));
    await expect(a).resolves.toBe('A');
    await expect(bad).rejects.toThrow('bad value');
    await expect(b).resolves.toBe('B');
  });

  it('writes up to concurrentGroups groups at the same time', async () => {
    const { groups, commit, finishNext } = recordingCommit();
    const committer = new GroupCommitter<number, number>(commit, () => 1, { concurrentGroups: 2, maxGroupSize: 2 });
    const all = [1, 2, 3, 4, 5].map((n) => committer.submit(n));
    await tick();
    expect(groups).toEqual([[1, 2], [3, 4]]);
    await finishNext();
    await tick();
    expect(groups).toEqual([[1, 2], [3, 4], [5]]);
    await finishNext();
    await finishNext();
    await expect(Promise.all(all)).resolves.toEqual([10, 20, 30, 40, 50]);
  });
});
