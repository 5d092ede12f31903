/** Similar open incidents near the point: the call taker may link the call to one instead of recording a new incident. */
import { age, hhmm, type Incident, useCommandT } from "../i18n.ts";
import { StateTag } from "../parts.tsx";

export function NearbyPanel({ nearby, linking, onLink }: { nearby: Incident[]; linking: string | null; onLink: (inc: Incident) => void }) {
  const { t, i18n } = useCommandT();
  const lang = i18n.language;
  return (
    <section className="cmd-nearby" aria-live="polite" aria-labelledby={nearby.length ? "nearby-title" : undefined}>
      {nearby.length > 0 && (
        <>
          <h2 id="nearby-title" className="cmd-nearby__title">
            {t("taker.nearbyTitle")}
          </h2>
          <p>{t("taker.nearbyLead")}</p>
          <ul className="cmd-nearby__list">
            {nearby.map((inc) => (
              <li key={inc.id}>
                <p>
                  <strong>{inc.number}</strong> · {t(`types.${inc.type}`, { defaultValue: inc.type })} · <StateTag state={inc.state} /> ·{" "}
                  {hhmm(inc.receivedAt, lang)} ({t("common.ago", { age: age(inc.receivedAt, lang) })}) · {t("common.callCount", { count: inc.callCount ?? 1 })}
                  {inc.address ? ` · ${inc.address}` : ""}
                </p>
                <button
                  type="button"
                  className="button button--secondary button--small"
                  aria-label={t("taker.linkNamed", { number: inc.number })}
                  aria-disabled={linking ? true : undefined}
                  onClick={() => onLink(inc)}
                >
                  {t("taker.link")}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
