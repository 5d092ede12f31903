/** ECharts, tree-shaken: only the bar and line charts, grid, tooltip and legend, SVG renderer. Loaded on demand, by useChart. */
import { BarChart, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";

echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, SVGRenderer]);

export type EChartsOption = Parameters<ReturnType<typeof echarts.init>["setOption"]>[0];

export function mount(el: HTMLElement, option: EChartsOption) {
  const chart = echarts.init(el, undefined, { renderer: "svg" });
  chart.setOption(option);
  const ro = new ResizeObserver(() => chart.resize());
  ro.observe(el);
  return {
    update: (o: EChartsOption) => chart.setOption(o, true),
    dispose: () => {
      ro.disconnect();
      chart.dispose();
    },
  };
}
