/** /puskesmas/layar/:poliId — the TV in the waiting room: "sekarang dilayani", the last numbers called, how many wait; live. */
import { useEffect, useRef, useState } from "react";
import { get } from "../../api.ts";
import { Loading, useDocumentTitle } from "../../ui/misc.tsx";
import { type DisplayState, useHealthT, useLiveState } from "./shared.tsx";

export default function Display({ poliId }: { poliId: string }) {
  const { t, i18n } = useHealthT();
  const [first, setFirst] = useState<DisplayState | null>(null);
  useEffect(() => {
    get<DisplayState>(`/api/public/health/polis/${poliId}/display`).then(setFirst);
  }, [poliId]);
  const { state } = useLiveState<DisplayState>(`/api/public/health/polis/${poliId}/live`);
  const s = state ?? first;
  const spoken = useRef("");
  useDocumentTitle(s ? `${s.poliName} · ${s.facilityName}` : t("display.serving"));

  // Read each new call aloud (and a recall again), as waiting rooms do.
  useEffect(() => {
    const now = s?.nowServing;
    if (!now || typeof speechSynthesis === "undefined") return;
    const key = `${now.code}#${now.callCount}`;
    if (spoken.current === key) return;
    const firstRender = spoken.current === "";
    spoken.current = key;
    if (firstRender) return;
    const u = new SpeechSynthesisUtterance(t("display.call", { code: now.code.replace("-", " "), poli: s.poliName }));
    u.lang = i18n.language === "en" ? "en-GB" : "id-ID";
    speechSynthesis.speak(u);
  }, [s, t, i18n.language]);

  if (!s) return <Loading />;
  return (
    <div className="hq-display">
      <section aria-labelledby="hq-serving" aria-live="polite">
        <p>
          {s.facilityName} · {s.poliName}
        </p>
        <h1 id="hq-serving">{t("display.serving")}</h1>
        <p className="hq-display__code">{s.nowServing?.code ?? t("display.none")}</p>
      </section>
      <aside className="hq-display__side">
        <h2>{t("display.last")}</h2>
        <ol>
          {s.lastCalled.slice(1).map((c) => (
            <li key={c.code}>{c.code}</li>
          ))}
        </ol>
        <p>
          {t("display.waiting")}: <strong>{s.waiting}</strong>
        </p>
      </aside>
    </div>
  );
}
