import en from "../../i18n/documents.en.json" with { type: "json" };
import id from "../../i18n/documents.id.json" with { type: "json" };
import { formatDateTime } from "../../ui/misc.tsx";
import "./documents.css";
import { lazyNamespace } from "../../ui/namespace.ts";

// The namespace ships with the lazy documents chunks, not with the first load.

export const useDocsT = lazyNamespace("documents", id, en);

export interface Verification {
  valid: boolean;
  reasons: string[];
  modifiedAfterSigning: boolean;
  signature: {
    signerName: string;
    signerTitle: string | null;
    nip: string | null;
    delegation: { kind: "plt" | "plh"; principalName: string } | null;
    signedAt: string | null;
  } | null;
  document: { number: string | null; title: string; code: string; issuer: string | null } | null;
}

const kindLabel = (k: "plt" | "plh") => (k === "plt" ? "Plt." : "Plh.");

/** The outcome of a verification: a big valid/invalid banner and the facts behind it. */
export function VerificationResult({ v, name = "code" }: { v: Verification; name?: string }) {
  const { t } = useDocsT();
  return (
    <section
      className={`verify-result verify-result--${v.valid ? "valid" : "invalid"}`}
      aria-labelledby={`verify-${name}-title`}
      data-testid={`verify-${name}`}
    >
      <h2 id={`verify-${name}-title`} className="verify-result__title">
        <span aria-hidden="true">{v.valid ? "✓ " : "✗ "}</span>
        {v.valid ? t("verify.valid") : t("verify.invalid")}
      </h2>
      {v.reasons.length > 0 && (
        <>
          <p className="verify-result__why">{t("verify.reasonsTitle")}:</p>
          <ul>
            {v.reasons.map((r) => (
              <li key={r}>{t(`verify.reasons.${r}`, { defaultValue: r })}</li>
            ))}
          </ul>
        </>
      )}
      <dl className="summary-list">
        {v.document && (
          <>
            <div>
              <dt>{t("verify.docTitle")}</dt>
              <dd>{v.document.title}</dd>
            </div>
            <div>
              <dt>{t("verify.number")}</dt>
              <dd>{v.document.number ?? "-"}</dd>
            </div>
            {v.document.issuer && (
              <div>
                <dt>{t("verify.issuer")}</dt>
                <dd>{v.document.issuer}</dd>
              </div>
            )}
          </>
        )}
        {v.signature && (
          <>
            <div>
              <dt>{t("verify.signer")}</dt>
              <dd>{v.signature.signerName}</dd>
            </div>
            {v.signature.signerTitle && (
              <div>
                <dt>{t("verify.role")}</dt>
                <dd>
                  {v.signature.signerTitle}
                  {v.signature.delegation && (
                    <>
                      <br />
                      <span className="muted">
                        {t("verify.delegation", { kind: kindLabel(v.signature.delegation.kind), name: v.signature.delegation.principalName })}
                      </span>
                    </>
                  )}
                </dd>
              </div>
            )}
            {v.signature.nip && (
              <div>
                <dt>{t("verify.nip")}</dt>
                <dd className="mono">{v.signature.nip}</dd>
              </div>
            )}
            {v.signature.signedAt && (
              <div>
                <dt>{t("verify.when")}</dt>
                <dd>{formatDateTime(v.signature.signedAt)}</dd>
              </div>
            )}
          </>
        )}
        {v.signature && (
          <div>
            <dt>{t("verify.changed")}</dt>
            <dd>{v.modifiedAfterSigning ? t("verify.changedYes") : t("verify.changedNo")}</dd>
          </div>
        )}
      </dl>
    </section>
  );
}

export { kindLabel };
