/**
 * A replay feeds historical purchases in as conversions: the numbers are real, the treatment is not.
 * Any response that carries a truthy `replay` flag gets this banner.
 */
export function ReplayBanner({ sources }: { sources: ReadonlyArray<{ replay?: unknown } | undefined> }) {
  if (!sources.some((source) => isReplay(source?.replay))) return null;
  return (
    <p className="replay-banner" role="note" data-testid="replay-banner">
      Replay of historical data: no real treatment effect
    </p>
  );
}

function isReplay(flag: unknown): boolean {
  if (flag === null || flag === undefined || flag === false) return false;
  if (typeof flag === 'object' && 'active' in flag) return Boolean((flag as { active: unknown }).active);
  return true;
}
