/** /surat/verifikasi/:code — the QR code's link on a signed e-Office letter: anyone sees what was signed, by whom, when. */
import { formatDateTime, Loading, Notice, PageTitle } from "../../ui/misc.tsx";
import { useData } from "../citizen/shared.tsx";
import { useEoT } from "./shared.tsx";

interface Check {
  number: string;
  kind: string;
  unit: string;
  subject: string | null;
  signedAt: string | null;
  signer: { name: string | null; title: string | null };
  sha256: string;
}

export default function VerifyLetter({ code }: { code: string }) {
  const { t } = useEoT();
  const r = useData<Check>(`/api/public/eoffice/verify/${encodeURIComponent(code)}`);
  return (
    <>
      <PageTitle>{t("verify.title")}</PageTitle>
      {!r.data && !r.error && <Loading />}
      {r.error && <Notice kind="warning">{r.error.status === 404 ? t("verify.notFound") : r.error.title}</Notice>}
      {r.data && (
        <section className="eo-verify" aria-labelledby="eo-verify-title" data-testid="eoffice-verify">
          <h2 id="eo-verify-title">
            <span aria-hidden="true">✓ </span>
            {t("verify.valid")}
          </h2>
          <dl className="summary-list">
            <div>
              <dt>{t("letter.number")}</dt>
              <dd>{r.data.number}</dd>
            </div>
            <div>
              <dt>{t("verify.unit")}</dt>
              <dd>{r.data.unit}</dd>
            </div>
            <div>
              <dt>{t("register.subject")}</dt>
              <dd>{r.data.subject ?? t("verify.hidden")}</dd>
            </div>
            <div>
              <dt>{t("letter.signedBy")}</dt>
              <dd>
                {r.data.signer.name}
                {r.data.signer.title && `, ${r.data.signer.title}`}
              </dd>
            </div>
            {r.data.signedAt && (
              <div>
                <dt>{t("verify.when")}</dt>
                <dd>{formatDateTime(r.data.signedAt)}</dd>
              </div>
            )}
            <div>
              <dt>{t("verify.sha")}</dt>
              <dd className="mono eo-hash">{r.data.sha256}</dd>
            </div>
          </dl>
          <p>{t("verify.compare")}</p>
        </section>
      )}
    </>
  );
}
