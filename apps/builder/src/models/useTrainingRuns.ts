import { useEffect, useState } from 'react';
import { listTrainingRuns } from '../api/models';
import { useApiData } from '../hooks/useApiData';

const POLL_MS = 3000;

/** Training runs; while one is queued or running the list reloads itself, and `finished` counts runs that ended. */
export function useTrainingRuns() {
  const [tick, setTick] = useState(0);
  const runs = useApiData((signal) => listTrainingRuns(signal), [tick]);
  const pending = runs.data?.some((r) => r.status === 'queued' || r.status === 'running') ?? false;
  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(() => setTick((t) => t + 1), POLL_MS);
    return () => clearTimeout(timer);
  }, [pending, tick]);
  const finished = runs.data?.filter((r) => r.finishedAt).length ?? 0;
  return { ...runs, pending, finished, reload: () => setTick((t) => t + 1) };
}
