import { type ComponentType, createElement, lazy, type ReactElement } from "react";

/** A lazily loaded screen whose code can be fetched ahead of its first render. */
export type Preloadable<P> = ((props: P) => ReactElement) & {
  /** Loads the screen's code; once it has resolved the screen renders at once, without suspending. */
  preload: () => Promise<void>;
};

/**
 * Like `React.lazy`, but `preload()` fetches the code and keeps the component, so a render after it draws the screen
 * in the same pass. `React.lazy` alone suspends on its first render even when the chunk is already in memory, which
 * would put a "Memuat…" between the prerendered shell and the page (main.tsx waits for the page's code instead).
 */
export function preloadable<P>(load: () => Promise<ComponentType<P>>): Preloadable<P> {
  let loaded: ComponentType<P> | undefined;
  let pending: Promise<ComponentType<P>> | undefined;
  const fetchOnce = () => {
    pending ??= load().then((c) => {
      loaded = c;
      return c;
    });
    return pending;
  };
  const Lazy = lazy(() => fetchOnce().then((c) => ({ default: c })));
  // biome-ignore lint/correctness/noComponentHookFactories: a factory like React.lazy, called once per screen at module level
  const Screen = (props: P) => createElement((loaded ?? Lazy) as ComponentType<object>, props as object);
  return Object.assign(Screen, { preload: () => fetchOnce().then(() => undefined) });
}
