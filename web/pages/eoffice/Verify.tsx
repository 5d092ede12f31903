/** /surat/verifikasi/:code — the QR code's link on a signed e-Office letter: anyone sees what was signed, by whom, when. */
import { formatDateTime, Loading, Notice, PageTitle, SummaryList } from "../../ui/misc.tsx";
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
          <SummaryList
            rows={[
              [t("letter.number"), r.data.number],
              [t("verify.unit"), r.data.unit],
              [t("register.subject"), r.data.subject ?? t("verify.hidden")],
              [
                t("letter.signedBy"),
                <>
                  {r.data.signer.name}
                  {r.data.signer.title && `, ${r.data.signer.title}`}
                </>,
              ],
              r.data.signedAt && [t("verify.when"), formatDateTime(r.data.signedAt)],
              [t("verify.sha"), r.data.sha256, "mono eo-hash"],
            ]}
          />
          <p>{t("verify.compare")}</p>
        </section>
      )}
    </>
  );
}
