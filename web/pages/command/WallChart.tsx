/** The wall's 24-hour chart (ECharts, loaded on the wall only). */
import { useMemo } from "react";
import { type EChartsOption, useChart } from "../../ui/useChart.ts";
import { hhmm, type Overview, useCommandT } from "./i18n.ts";

export function HourlyChart({ hourly }: { hourly: Overview["hourly"] | null }) {
  const { t, i18n } = useCommandT();
  const lang = i18n.language;
  const option = useMemo((): EChartsOption | null => {
    if (!hourly) return null;
    const labels = hourly.map((h) => hhmm(h.hour, lang));
    const axis = { color: "#c7d0d9", fontSize: 13 };
    const series = (key: "incidents" | "cases" | "reports", color: string, bar = false) =>
      bar
        ? { name: t(`wall.series.${key}`), type: "bar", barMaxWidth: 14, itemStyle: { color }, data: hourly.map((h) => h[key]) }
        : {
            name: t(`wall.series.${key}`),
            type: "line",
            showSymbol: false,
            lineStyle: { width: 3, color },
            itemStyle: { color },
            data: hourly.map((h) => h[key]),
          };
    return {
      animation: false,
      backgroundColor: "transparent",
      grid: { left: 36, right: 12, top: 34, bottom: 26 },
      legend: { top: 0, textStyle: { color: "#e6edf3", fontSize: 14 }, itemWidth: 18 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: labels, axisLabel: { ...axis, interval: 3 }, axisLine: { lineStyle: { color: "#4b5563" } } },
      yAxis: { type: "value", minInterval: 1, axisLabel: axis, splitLine: { lineStyle: { color: "#263241" } } },
      series: [series("incidents", "#ff6b6b", true), series("cases", "#60a5fa"), series("reports", "#34d399")],
    };
  }, [hourly, lang, t]);

  const { ref: el, failed } = useChart(option);

  const sum = (k: "incidents" | "cases" | "reports") => (hourly ?? []).reduce((n, h) => n + h[k], 0);
  return (
    <div
      ref={el}
      className="wall-chart"
      role="img"
      aria-label={t("wall.chartLabel", { incidents: sum("incidents"), cases: sum("cases"), reports: sum("reports") })}
    >
      {failed && <p>{t("wall.loadFailed", { error: "ECharts" })}</p>}
    </div>
  );
}
