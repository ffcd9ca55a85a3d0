/** At most `count` deliveries on a channel per customer in any `windowMs` (all flows together). */
export interface FrequencyCap {
  count: number;
  windowMs: number;
  /** As configured, for messages: "3/7d". */
  text: string;
}

const UNIT_MS = { h: 3_600_000, d: 86_400_000 } as const;

/** "3/7d" → 3 per 7 days; "1/12h" → 1 per 12 hours. */
export function parseFrequencyCap(text: string): FrequencyCap {
  const match = /^(\d+)\/(\d+)([hd])$/.exec(text.trim());
  if (!match) throw new Error(`A frequency cap looks like 3/7d (count/window in h or d), not "${text}".`);
  const count = Number(match[1]);
  const windowMs = Number(match[2]) * UNIT_MS[match[3] as 'h' | 'd'];
  if (count < 1 || windowMs <= 0) throw new Error(`A frequency cap needs a count and a window of at least 1, not "${text}".`);
  return { count, windowMs, text: text.trim() };
}
