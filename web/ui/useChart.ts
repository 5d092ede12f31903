/** An ECharts chart in a box of the page: the one tree-shaken chart build (charts.ts) loads on first use, never with the page. */
import { useEffect, useRef, useState } from "react";
import type { EChartsOption } from "./charts.ts";

export type { EChartsOption };

type Mounted = { el: HTMLElement; update: (o: EChartsOption) => void; dispose: () => void };

/**
 * Draws `option` in the element given `ref` (none drawn while it is null); a new option redraws the same chart, which
 * follows the box's size and goes with the component. `decorative`: the SVG is hidden from assistive technology
 * because the page says the same in words or a table. `failed`: the chart code could not be loaded.
 */
export function useChart<E extends HTMLElement = HTMLDivElement>(option: EChartsOption | null | undefined, { decorative = false } = {}) {
  const ref = useRef<E>(null);
  const chart = useRef<Mounted | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!option || !el) return;
    const hide = () => decorative && el.querySelector("svg")?.setAttribute("aria-hidden", "true");
    if (chart.current?.el === el) {
      chart.current.update(option);
      hide();
      return;
    }
    // A box the page replaced (shown again after an empty state) gets a chart of its own.
    chart.current?.dispose();
    chart.current = null;
    let live = true;
    import("./charts.ts").then(
      (m) => {
        if (!live || ref.current !== el) return;
        chart.current = { el, ...m.mount(el, option) };
        hide();
      },
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [option, decorative]);
  useEffect(
    () => () => {
      chart.current?.dispose();
      chart.current = null;
    },
    [],
  );
  return { ref, failed };
}
