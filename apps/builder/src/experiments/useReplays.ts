import { listReplays, type ReplayInfo } from '../api/experiments';
import { ApiError } from '../api/client';
import { useApiData } from '../hooks/useApiData';

/**
 * The replays behind a flow (or any flow, with null): the pages must say when their numbers come
 * from replayed history. An engine without the replays API (404) simply has none.
 */
export function useReplays(flowId: number | null): { replays: ReplayInfo[]; error: unknown } {
  const replays = useApiData(
    (signal) =>
      listReplays(flowId, signal).then(
        (answer) => answer.items,
        (error: unknown) => {
          if (error instanceof ApiError && error.status === 404) return [];
          throw error;
        },
      ),
    [flowId],
  );
  return { replays: replays.data ?? [], error: replays.error };
}
