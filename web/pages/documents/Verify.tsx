/** /verify/:code (the QR code's link) and /verify: anyone checks a document's electronic signature, or uploads the PDF. */
import { useState } from "react";
import { uploadFile } from "../../api.ts";
import { ErrorSummary, FileField, SubmitButton, useForm } from "../../ui/form.tsx";
import { Loading, Notice, PageTitle } from "../../ui/misc.tsx";
import { useData } from "../citizen/shared.tsx";
import { useDocsT, type Verification, VerificationResult } from "./shared.tsx";

export default function VerifyPage({ code }: { code?: string }) {
  const { t } = useDocsT();
  const byCode = useData<Verification>(code ? `/api/public/verify/${encodeURIComponent(code)}` : null);
  const [uploaded, setUploaded] = useState<Verification | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const form = useForm({ file: "" }, { labels: { file: t("verify.file") } });
  const check = form.submit(
    (): Record<string, string> => (file ? {} : { file: t("verify.fileMissing") }),
    async () => {
      setUploaded(await uploadFile<Verification>("/api/public/verify", file as File));
    },
  );
  return (
    <>
      <ErrorSummary summary={form.summary} />
      <PageTitle>{t("verify.title")}</PageTitle>
      <p>{t("verify.lead")}</p>
      {code && !byCode.data && !byCode.error && <Loading />}
      {byCode.error && <Notice kind="warning">{byCode.error.status === 404 ? t("verify.notFound") : byCode.error.title}</Notice>}
      {byCode.data && <VerificationResult v={byCode.data} />}
      <form className="panel" onSubmit={check} noValidate>
        <h2>{t("verify.upload")}</h2>
        <FileField
          id="file"
          label={t("verify.file")}
          hint={t("verify.uploadHint")}
          error={form.errors.file}
          accept="application/pdf,.pdf"
          inputClassName="file-input"
          onFile={(f) => {
            setFile(f);
            setUploaded(null);
          }}
        />
        <SubmitButton busy={form.submitting}>{t("verify.check")}</SubmitButton>
      </form>
      <div aria-live="polite">{uploaded && <VerificationResult v={uploaded} name="upload" />}</div>
    </>
  );
}
