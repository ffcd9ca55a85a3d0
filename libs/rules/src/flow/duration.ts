import { z } from 'zod';

export const DURATION_UNITS = ['minutes', 'hours', 'days', 'weeks'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

const MS_PER_UNIT: Record<DurationUnit, number> = { minutes: 60_000, hours: 3_600_000, days: 86_400_000, weeks: 604_800_000 };

// The range (0, 365 days] is checked by validateFlow so the marketer gets one clear sentence.
export const durationSchema = z
  .object({
    amount: z.number({ error: 'must be a number' }).describe('How many units'),
    unit: z.enum(DURATION_UNITS, { error: 'must be minutes, hours, days or weeks' }).describe('Unit of time'),
  })
  .describe('A length of time');

export type Duration = z.infer<typeof durationSchema>;

export const MAX_DURATION_MS = 365 * MS_PER_UNIT.days;

export function durationToMs(duration: Duration): number {
  return duration.amount * MS_PER_UNIT[duration.unit];
}

export function isDurationInRange(duration: Duration): boolean {
  const ms = durationToMs(duration);
  return Number.isFinite(ms) && ms > 0 && ms <= MAX_DURATION_MS;
}

export function formatDuration(duration: Duration): string {
  const unit = duration.amount === 1 ? duration.unit.slice(0, -1) : duration.unit;
  return `${duration.amount} ${unit}`;
}
