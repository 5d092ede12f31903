import { useState } from "react";
import { useTranslation } from "react-i18next";
import { post, type TotpEnrolment } from "../api.ts";
import { useSession } from "../session.tsx";
import { CodeField, type Errors, ErrorSummary, SubmitButton, useForm } from "./form.tsx";
import { Notice } from "./misc.tsx";

/** Account security: shows whether an authenticator app is on, and walks staff through turning it on. */
export function TotpCard({ headingLevel = 2 }: { headingLevel?: 2 | 3 }) {
  const { t } = useTranslation();
  const { session, refresh } = useSession();
  const [enrolment, setEnrolment] = useState<TotpEnrolment | null>(null);
  const [done, setDone] = useState(false);
  const form = useForm({ code: "" }, { labels: { "totp-code": t("totp.code") }, fieldMap: { code: "totp-code" } });
  const user = session?.user;
  if (!user) return null;
  const H = headingLevel === 2 ? "h2" : "h3";

  const start = async () => {
    try {
      form.clear();
      setEnrolment(await post<TotpEnrolment>("/api/me/totp/enroll"));
    } catch (err) {
      form.showProblem(err);
    }
  };

  const onActivate = form.submit(
    (v): Errors => (/^\d{6}$/.test(v.code.replace(/\s/g, "")) ? {} : { "totp-code": t("login.errTotp") }),
    async (v) => {
      await post("/api/me/totp/activate", { code: v.code.replace(/\s/g, "") });
      setEnrolment(null);
      setDone(true);
      await refresh();
    },
  );

  return (
    <section className="card" aria-labelledby="totp-title">
      <H id="totp-title" className="card__title">
        {t("totp.title")}
      </H>
      {user.totpEnabled ? (
        <>
          {done && <Notice>{t("totp.activated")}</Notice>}
          <p>
            <span className="tag tag--green">{t("totp.on")}</span>
          </p>
          <p>{t("totp.onBody")}</p>
        </>
      ) : enrolment ? (
        <>
          <ErrorSummary summary={form.summary} />
          <ol className="steps">
            <li>{t("totp.step1")}</li>
            <li>
              {t("totp.step2")}
              <div className="qr">
                <img src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(enrolment.qrSvg)}`} alt={t("totp.qrAlt")} width={180} height={180} />
              </div>
              <details>
                <summary>{t("totp.manual")}</summary>
                <p>
                  <code className="secret">{enrolment.secret.replace(/(.{4})/g, "$1 ").trim()}</code>
                </p>
              </details>
            </li>
            <li>
              <form onSubmit={onActivate} noValidate>
                <CodeField id="totp-code" label={t("totp.step3")} value={form.values.code} onChange={form.set("code")} error={form.errors["totp-code"]} />
                <div className="button-group">
                  <SubmitButton busy={form.submitting}>{t("totp.activate")}</SubmitButton>
                  <button type="button" className="button button--secondary" onClick={() => setEnrolment(null)}>
                    {t("common.cancel")}
                  </button>
                </div>
              </form>
            </li>
          </ol>
        </>
      ) : (
        <>
          <ErrorSummary summary={form.summary} />
          <p>
            <span className="tag tag--orange">{t("totp.off")}</span>
          </p>
          <p>{user.kind === "staff" ? t("totp.offBodyStaff") : t("totp.offBody")}</p>
          {user.kind === "staff" && (
            <button type="button" className="button" onClick={start}>
              {t("totp.start")}
            </button>
          )}
        </>
      )}
    </section>
  );
}
