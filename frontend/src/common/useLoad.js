import { useCallback, useEffect, useRef, useState } from 'react';

// Loads data for a view: {data, error, loading, reload}. A reload keeps showing the previous data until the new
// answer comes; an answer that arrives after a newer request started is dropped.
export function useLoad(load, deps) {
  const [state, setState] = useState({ data: null, error: null, loading: true });
  const latest = useRef(0);
  // The caller names what the loader depends on, as for useEffect.
  const stableLoad = useCallback(load, deps);

  const reload = useCallback(async () => {
    const request = ++latest.current;
    setState((previous) => ({ ...previous, loading: true }));
    try {
      const data = await stableLoad();
      if (request === latest.current) setState({ data, error: null, loading: false });
    } catch (error) {
      if (request === latest.current) setState((previous) => ({ ...previous, error, loading: false }));
    }
  }, [stableLoad]);

  useEffect(() => {
    reload();
  }, [reload]);

  return { ...state, reload };
}
