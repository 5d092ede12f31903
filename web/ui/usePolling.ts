import { useEffect, useRef } from "react";

/**
 * Calls `load` now and every `ms` milliseconds while the page shows it (and `enabled`); a new `key` (what it
 * loads) starts again. `live()` says whether an answer is still wanted: false once the key changed or the page left.
 */
export function usePolling(load: (live: () => boolean) => unknown, ms: number, key: unknown, enabled = true) {
  const loadRef = useRef(load);
  loadRef.current = load;
  // biome-ignore lint/correctness/useExhaustiveDependencies: key names what is loaded; a new one starts again
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    const tick = () => void loadRef.current(() => live);
    tick();
    const timer = setInterval(tick, ms);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [key, ms, enabled]);
}
