/**
 * Guides an official through issuing (or renewing) their signing certificate: what it is, a passphrase with a
 * strength meter, then a live status while the key is made; on success the caller continues (e.g. to the signature
 * they wanted, with the passphrase just chosen).
 */
import { useState } from "react";
import { post } from "../../api.ts";
import { Dialog } from "../../ui/Dialog.tsx";
import { ErrorSummary, PasswordField, SubmitButton, TextField, useForm } from "../../ui/form.tsx";
import { StrengthHint } from "../../ui/strength.tsx";
import { useDocsT } from "./shared.tsx";

export type IssuePurpose = { kind: "sign"; count: number } | { kind: "issue" } | { kind: "renew" };

export function IssueCertificateDialog({
  purpose,
  onIssued,
  onClose,
}: {
  purpose: IssuePurpose;
  /** Called with the new passphrase once the certificate exists (the dialog closes itself). */
  onIssued: (passphrase: string) => void;
  onClose: () => void;
}) {
  const { t } = useDocsT();
  const [phase, setPhase] = useState<"form" | "working">("form");
  const form = useForm(
    { newPassphrase: "", confirm: "", nip: "" },
    { labels: { newPassphrase: t("cert.passphrase"), confirm: t("cert.confirm"), nip: t("cert.nip") }, fieldMap: { passphrase: "newPassphrase" } },
  );
  const heading = purpose.kind === "renew" ? t("issue.titleRenew") : t("issue.title");
  const submitLabel =
    purpose.kind === "sign" ? t("issue.submitAndSign", { count: purpose.count }) : purpose.kind === "renew" ? t("cert.renew") : t("cert.issue");

  return (
    <Dialog labelledBy="issue-title" onClose={onClose} className="dialog issue-dialog">
      {(close) => {
        const issue = form.submit(
          (v) => {
            const errs: Record<string, string> = {};
            if (v.newPassphrase.length < 8) errs.newPassphrase = t("issue.tooShort");
            else if (v.newPassphrase !== v.confirm) errs.confirm = t("cert.mismatch");
            return errs;
          },
          async (v) => {
            setPhase("working");
            try {
              await post("/api/documents/certificates", { passphrase: v.newPassphrase, ...(v.nip.trim() ? { nip: v.nip.trim() } : {}) });
            } catch (err) {
              setPhase("form");
              throw err;
            }
            onIssued(v.newPassphrase);
            close();
          },
        );
        return (
          <>
            <h2 id="issue-title">{heading}</h2>
            {phase === "working" ? (
              <div className="issue-progress" role="status" data-testid="issue-progress">
                <ol className="steps">
                  <li className="steps__item steps__item--current">
                    <span className="steps__label">{t("issue.stepKey")}</span>
                    <progress className="progress" aria-label={t("issue.stepKey")} />
                  </li>
                  {purpose.kind === "sign" && <li className="steps__item">{t("issue.stepSign", { count: purpose.count })}</li>}
                </ol>
                <p className="muted">{t("issue.wait")}</p>
              </div>
            ) : (
              <form onSubmit={issue} noValidate>
                <ErrorSummary summary={form.summary} />
                {purpose.kind === "sign" && <p>{t("issue.why")}</p>}
                <p>{purpose.kind === "renew" ? t("cert.renewLead") : t("issue.what")}</p>
                <p>
                  <strong>{t("issue.remember")}</strong>
                </p>
                <PasswordField
                  id="newPassphrase"
                  label={t("cert.passphrase")}
                  hint={t("cert.passphraseHint")}
                  autoComplete="new-password"
                  {...form.bind("newPassphrase")}
                />
                <StrengthHint password={form.values.newPassphrase} />
                <PasswordField id="confirm" label={t("cert.confirm")} autoComplete="new-password" {...form.bind("confirm")} />
                <TextField id="nip" label={t("cert.nip")} width="20" inputMode="numeric" {...form.bind("nip")} />
                <div className="button-group">
                  <SubmitButton>{submitLabel}</SubmitButton>
                  <button type="button" className="button button--secondary" onClick={close}>
                    {t("issue.cancel")}
                  </button>
                </div>
              </form>
            )}
          </>
        );
      }}
    </Dialog>
  );
}
