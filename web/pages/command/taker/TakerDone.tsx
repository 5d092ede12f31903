/** The confirmation after a call: the incident's number (new or linked), then the next call. */
import { useEffect, useRef } from "react";
import { Link } from "wouter";
import { useCommandT } from "../i18n.ts";

export type Saved = { kind: "created" | "linked"; number: string };

export function TakerDone({ saved, mayDispatch, onNext }: { saved: Saved; mayDispatch: boolean; onNext: () => void }) {
  const { t } = useCommandT();
  const headingRef = useRef<HTMLHeadingElement>(null);
  // The confirmation takes focus so a screen reader announces the number.
  useEffect(() => {
    headingRef.current?.focus();
  }, []);
  return (
    <section className="cmd-done" aria-labelledby="cmd-done-title">
      <div className="panel panel--confirm">
        <h2 id="cmd-done-title" ref={headingRef} tabIndex={-1} className="panel__title">
          {saved.kind === "created" ? t("taker.savedTitle") : t("taker.linkedTitle")}
        </h2>
        <p className="panel__body">
          {saved.kind === "linked" && <span className="panel__label">{t("taker.linkedBody")}</span>}
          {saved.kind === "created" && <span className="panel__label">{t("common.numberLabel")}</span>}{" "}
          <span className="panel__number" data-testid="incident-number">
            {saved.number}
          </span>
        </p>
      </div>
      <div className="button-group">
        <button type="button" className="button" onClick={onNext}>
          {t("taker.next")}
        </button>
        {mayDispatch && <Link href="/command/dispatch">{t("taker.toDispatch")}</Link>}
      </div>
    </section>
  );
}
