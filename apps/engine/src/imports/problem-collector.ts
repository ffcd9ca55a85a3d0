import { CountedReason, ImportProblem, MAX_KEPT_PROBLEMS } from './import-types';

/** Keeps the first 1,000 problems, and counts everything: problems, bad rows, skip reasons, notes. */
export class ProblemCollector {
  readonly problems: ImportProblem[] = [];
  problemCount = 0;
  badRows = 0;
  skipped = 0;
  private readonly skipReasons = new Map<string, number>();
  private readonly noteCounts = new Map<string, number>();

  badRow(problems: readonly ImportProblem[]): void {
    this.badRows++;
    this.problemCount += problems.length;
    for (const problem of problems) if (this.problems.length < MAX_KEPT_PROBLEMS) this.problems.push(problem);
  }

  skip(reason: string): void {
    this.skipped++;
    this.skipReasons.set(reason, (this.skipReasons.get(reason) ?? 0) + 1);
  }

  note(message: string): void {
    this.noteCounts.set(message, (this.noteCounts.get(message) ?? 0) + 1);
  }

  get skippedReasons(): CountedReason[] {
    return [...this.skipReasons].map(([reason, count]) => ({ reason, count }));
  }

  get notes(): CountedReason[] {
    return [...this.noteCounts].map(([reason, count]) => ({ reason, count }));
  }
}
