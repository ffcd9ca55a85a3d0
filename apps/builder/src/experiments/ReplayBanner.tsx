import type { ReplayInfo } from '../api/experiments';
import { formatDate } from '../format';

interface ReplayBannerProps {
  /** Replays the page's numbers come from (GET /api/replays). */
  replays: readonly ReplayInfo[];
  /** Responses that may carry a `replay` flag themselves. */
  sources?: ReadonlyArray<{ replay?: unknown } | undefined>;
}

/**
 * A replay feeds historical purchases in as conversions: the numbers are real, the treatment is not,
 * so no arm or flow can have caused them. Every page that shows such numbers says so first.
 */
export function ReplayBanner({ replays, sources = [] }: ReplayBannerProps) {
  if (replays.length === 0 && !sources.some((source) => isReplay(source?.replay))) return null;
  return (
    <div className="replay-banner" role="note" data-testid="replay-banner">
      <p>Replay of historical data: no real treatment effect</p>
      {replays.length > 0 && (
        <ul>
          {replays.map((replay) => (
            <li key={replay.flowId}>
              “{replay.flowName}” replays the data from {formatDate(replay.from)} on{replay.note ? `: ${replay.note}` : '.'}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function isReplay(flag: unknown): boolean {
  if (flag === null || flag === undefined || flag === false) return false;
  if (typeof flag === 'object' && 'active' in flag) return Boolean((flag as { active: unknown }).active);
  return true;
}
