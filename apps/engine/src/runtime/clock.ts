// The runtime's one source of time. Every due date, wait and deadline is computed from
// `Clock.now()`, never from `Date.now()`, so tests move time with a TestClock instead of sleeping.
import { Injectable } from '@nestjs/common';

export interface TimeSource {
  now(): Date;
}

const systemTime: TimeSource = { now: () => new Date() };

/** Injectable clock; reads the system time unless a test swapped in another source. */
@Injectable()
export class Clock {
  private source: TimeSource = systemTime;

  now(): Date {
    return this.source.now();
  }

  /** Tests: read time from `source` (a TestClock) from now on. */
  use(source: TimeSource): void {
    this.source = source;
  }

  useSystemTime(): void {
    this.source = systemTime;
  }
}

/** A clock that stands still until a test sets or advances it. */
export class TestClock implements TimeSource {
  private ms: number;

  constructor(start: Date | string = '2026-01-05T09:00:00Z') {
    this.ms = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.ms);
  }

  set(at: Date | string): void {
    this.ms = new Date(at).getTime();
  }

  advance(ms: number): Date {
    this.ms += ms;
    return this.now();
  }
}
