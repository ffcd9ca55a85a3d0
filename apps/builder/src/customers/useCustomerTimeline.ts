import { useCallback, useEffect, useState } from 'react';
import { fetchTimeline } from '../api/customers';
import { isAbort } from '../api/client';
import type { TimelineItem } from '../api/types';

export const TIMELINE_PAGE_SIZE = 50;

interface TimelineState {
  items: TimelineItem[];
  nextBefore: string | null;
  loading: boolean;
  error: unknown;
}

/** A customer's timeline, page by page: the first page on load, older ones on `loadMore`. */
export function useCustomerTimeline(customerId: string) {
  const [state, setState] = useState<TimelineState>({ items: [], nextBefore: null, loading: true, error: null });

  useEffect(() => {
    const controller = new AbortController();
    setState({ items: [], nextBefore: null, loading: true, error: null });
    fetchTimeline(customerId, { limit: TIMELINE_PAGE_SIZE }, controller.signal).then(
      (page) => setState({ items: page.items, nextBefore: page.nextBefore, loading: false, error: null }),
      (error: unknown) => {
        if (!controller.signal.aborted && !isAbort(error)) setState((s) => ({ ...s, loading: false, error }));
      },
    );
    return () => controller.abort();
  }, [customerId]);

  const loadMore = useCallback(() => {
    if (!state.nextBefore || state.loading) return;
    const before = state.nextBefore;
    setState((s) => ({ ...s, loading: true, error: null }));
    fetchTimeline(customerId, { limit: TIMELINE_PAGE_SIZE, before }).then(
      (page) => setState((s) => ({ items: [...s.items, ...page.items], nextBefore: page.nextBefore, loading: false, error: null })),
      (error: unknown) => setState((s) => ({ ...s, loading: false, error })),
    );
  }, [customerId, state.nextBefore, state.loading]);

  return { ...state, loadMore };
}
