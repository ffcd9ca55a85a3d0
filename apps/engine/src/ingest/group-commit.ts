/**
 * Group commit: calls that arrive while earlier groups are being written wait for a moment and are
 * then written together, so many small calls share one set of round trips and one transaction.
 * Each caller's promise settles when its group has been written: with its own result, or with the
 * group's error (the group is written all or nothing, so every caller may retry).
 */
export interface GroupCommitOptions {
  /** Groups written at the same time; the calls arriving meanwhile form the next group. */
  concurrentGroups: number;
  /** A group holds at most this many items (sum of `sizeOf`); a single larger call is a group alone. */
  maxGroupSize: number;
}

interface Waiting<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

export class GroupCommitter<T, R> {
  private queue: Waiting<T, R>[] = [];
  private writing = 0;
  private flushScheduled = false;

  /**
   * `commit` writes one group and settles each item, in order: normally all fulfilled or all
   * rejected, but it may write items one by one after a failure that only some of them caused.
   */
  constructor(
    private readonly commit: (items: T[]) => Promise<PromiseSettledResult<R>[]>,
    private readonly sizeOf: (item: T) => number,
    private readonly options: GroupCommitOptions,
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.scheduleFlush();
    });
  }

  /**
   * Waits for the end of the current I/O phase (setImmediate) so that calls parsed from the same
   * socket reads join one group, and for a free writer, so that a busy database gets bigger groups.
   */
  private scheduleFlush(): void {
    if (this.flushScheduled || this.writing >= this.options.concurrentGroups || this.queue.length === 0) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    while (this.writing < this.options.concurrentGroups && this.queue.length > 0) {
      const group = this.takeGroup();
      this.writing++;
      void this.write(group).finally(() => {
        this.writing--;
        this.scheduleFlush();
      });
    }
  }

  private takeGroup(): Waiting<T, R>[] {
    let size = 0;
    let count = 0;
    while (count < this.queue.length) {
      const next = this.sizeOf(this.queue[count].item);
      if (count > 0 && size + next > this.options.maxGroupSize) break;
      size += next;
      count++;
    }
    return this.queue.splice(0, count);
  }

  private async write(group: Waiting<T, R>[]): Promise<void> {
    try {
      const results = await this.commit(group.map((w) => w.item));
      if (results.length !== group.length) throw new Error(`group commit returned ${results.length} results for ${group.length} items`);
      group.forEach((w, i) => {
        const result = results[i];
        if (result.status === 'fulfilled') w.resolve(result.value);
        else w.reject(result.reason);
      });
    } catch (error) {
      for (const w of group) w.reject(error);
    }
  }
}
