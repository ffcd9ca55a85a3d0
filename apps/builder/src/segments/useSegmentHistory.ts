import { useCallback, useEffect, useState } from 'react';
import { isAbort } from '../api/client';
import { fetchHistory, type MembershipChange } from '../api/segments';

/** A segment's entries and exits, a page at a time ("Load more" asks for older ones). */
export function useSegmentHistory(segmentId: string, reloadKey: number) {
  const [items, setItems] = useState<MembershipChange[]>([]);
  const [nextBefore, setNextBefore] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(
    (before: string | null, signal?: AbortSignal) => {
      setLoading(true);
      fetchHistory(segmentId, before, signal).then(
        (page) => {
          setItems((previous) => (before ? [...previous, ...page.items] : page.items));
          setNextBefore(page.nextBefore);
          setError(null);
          setLoading(false);
        },
        (e: unknown) => {
          if (isAbort(e)) return;
          setError(e);
          setLoading(false);
        },
      );
    },
    [segmentId],
  );

  useEffect(() => {
    const controller = new AbortController();
    load(null, controller.signal);
    return () => controller.abort();
  }, [load, reloadKey]);

  return { items, nextBefore, loading, error, loadMore: () => load(nextBefore) };
}
