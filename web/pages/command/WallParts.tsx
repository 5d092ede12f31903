/** Small pieces of the wall: big durations, counters and the clock. */
import { type ReactNode, useEffect, useState } from "react";
import { cityTimeZone, hhmm } from "./i18n.ts";
import { dateFormat } from "../../ui/intl.ts";

export function BigDuration({ seconds, lang }: { seconds: number | null; lang: string }) {
  if (seconds == null) return <>—</>;
  const s = Math.round(seconds);
  const [mn, sc, hr] = lang === "en" ? ["min", "s", "h"] : ["mnt", "dtk", "jam"];
  const parts: [number, string][] =
    s >= 3600
      ? [
          [Math.floor(s / 3600), hr],
          [Math.floor((s % 3600) / 60), mn],
        ]
      : s >= 60
        ? [
            [Math.floor(s / 60), mn],
            [s % 60, sc],
          ]
        : [[s, sc]];
  return (
    <>
      {parts.map(([n, u], i) => (
        <span key={u}>
          {i > 0 ? " " : ""}
          {n}
          <small className="wall-counter__unit">{u}</small>
        </span>
      ))}
    </>
  );
}

export function Counter({ id, label, value, tone }: { id: string; label: string; value: ReactNode; tone?: "alert" | "warn" }) {
  return (
    <div className={`wall-counter${tone ? ` wall-counter--${tone}` : ""}`} data-counter={id}>
      <span className="wall-counter__value">{value ?? "…"}</span>
      <span className="wall-counter__label">{label}</span>
    </div>
  );
}

export function Clock({ lang }: { lang: string }) {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(timer);
  }, []);
  const date = dateFormat(lang, {
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: cityTimeZone(),
  }).format(now);
  return (
    <p className="wall-clock">
      <time dateTime={now.toISOString()} className="wall-clock__time">
        {hhmm(now.toISOString(), lang, true)}
      </time>
      <span className="wall-clock__date">{date}</span>
    </p>
  );
}

/** As many OPD rows as fit the panel (the wall never scrolls); the rest is counted in the footer. */
