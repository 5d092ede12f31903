/** A radar chart of the index per aspect, this year against last year (ECharts, loaded with this screen only). */
import { RadarChart } from "echarts/charts";
import { LegendComponent, RadarComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import { useEffect, useRef } from "react";
import type { IndexPart } from "./shared.tsx";

echarts.use([RadarChart, RadarComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export function Radar({
  parts,
  previous,
  max,
  label,
  names,
}: {
  parts: IndexPart[];
  previous: IndexPart[] | null;
  max: number;
  label: string;
  names: [string, string];
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current, undefined, { renderer: "svg" });
    const narrow = ref.current.clientWidth < 560;
    chart.setOption({
      legend: { bottom: 0 },
      tooltip: {},
      // On a phone the aspect codes stand in for the names (the table below the chart names them).
      radar: {
        indicator: parts.map((p) => ({ name: narrow ? p.code : p.name.length > 28 ? `${p.name.slice(0, 26)}…` : p.name, max })),
        radius: narrow ? "65%" : "60%",
      },
      series: [
        {
          type: "radar",
          data: [
            { name: names[0], value: parts.map((p) => p.index), areaStyle: { opacity: 0.2 }, itemStyle: { color: "#1d4f91" } },
            ...(previous ? [{ name: names[1], value: previous.map((p) => p.index), itemStyle: { color: "#b58105" } }] : []),
          ],
        },
      ],
    });
    const ro = new ResizeObserver(() => chart.resize());
    ro.observe(ref.current);
    return () => {
      ro.disconnect();
      chart.dispose();
    };
  }, [parts, previous, max, names]);
  return <div ref={ref} className="spbe-radar" role="img" aria-label={label} />;
}
