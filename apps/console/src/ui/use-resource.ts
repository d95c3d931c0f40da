import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';

export interface Resource<T> {
  /** The answer for the current key (undefined while it loads or failed). */
  data: T | undefined;
  /** The latest answer for any key: shown while the next one loads. */
  latest: T | undefined;
  error: Error | undefined;
  loading: boolean;
  reload(): void;
}

interface Settled<T> {
  request: string;
  data?: T;
  error?: Error;
}

/**
 * Loads what `key` names (null: nothing to load) and loads again when the key changes or on
 * reload; an answer to a request that is no longer wanted is dropped.
 */
export function useResource<T>(
  key: string | null,
  load: (signal: AbortSignal) => Promise<T>,
): Resource<T> {
  const loader = useRef(load);
  useLayoutEffect(() => {
    loader.current = load;
  });
  const [round, setRound] = useState(0);
  const [settled, setSettled] = useState<Settled<T> | null>(null);
  const [latest, setLatest] = useState<T | undefined>(undefined);
  const request = key === null ? null : `${round}:${key}`;

  useEffect(() => {
    if (request === null) return;
    const controller = new AbortController();
    loader
      .current(controller.signal)
      .then((data) => {
        if (controller.signal.aborted) return;
        setSettled({ request, data });
        setLatest(data);
      })
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        setSettled({ request, error: error instanceof Error ? error : new Error(String(error)) });
      });
    return () => controller.abort();
  }, [request]);

  const reload = useCallback(() => setRound((n) => n + 1), []);
  const current = settled !== null && settled.request === request ? settled : null;
  return {
    data: current?.data,
    latest,
    error: current?.error,
    loading: request !== null && current === null,
    reload,
  };
}
