import { useEffect, useState } from 'react';
import { ApiError } from '../../api/client';
import { fetchLiveCounts, type LiveNodeCounts } from '../../api/flows';

const POLL_MS = 5_000;

/** Per-node counts of a published flow, polled every few seconds (GET /api/flows/:id/live). */
export function useLiveCounts(flowId: number, enabled: boolean): { counts: Record<string, LiveNodeCounts> | null; message: string | null } {
  const [state, setState] = useState<{ counts: Record<string, LiveNodeCounts> | null; message: string | null }>({ counts: null, message: null });
  useEffect(() => {
    if (!enabled) {
      setState({ counts: null, message: null });
      return;
    }
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const live = await fetchLiveCounts(flowId);
        if (!stopped) setState({ counts: live.nodes, message: `Live counts, refreshed every ${POLL_MS / 1000} s.` });
      } catch (error) {
        if (stopped) return;
        if (error instanceof ApiError && error.status === 404) {
          setState({ counts: null, message: 'Live counts are not available on this server yet.' });
          return; // no endpoint: stop asking
        }
        setState((previous) => ({ ...previous, message: 'Live counts could not be refreshed; trying again.' }));
      }
      if (!stopped) timer = setTimeout(poll, POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [flowId, enabled]);
  return state;
}
