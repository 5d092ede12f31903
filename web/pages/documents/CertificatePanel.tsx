/** The official's signing certificate on /konsol/tanda-tangan: what is active, and issuing or renewing it (a guided dialog). */
import { useState } from "react";
import { formatDate, Notice } from "../../ui/misc.tsx";
import { Section } from "../../ui/Section.tsx";
import { IssueCertificateDialog } from "./IssueCertificateDialog.tsx";
import { useDocsT } from "./shared.tsx";

export interface Certificate {
  id: string;
  subject: string;
  serial: string;
  notAfter: string;
  revokedAt: string | null;
}

export function CertificatePanel({ active, loaded, reload }: { active: Certificate | undefined; loaded: boolean; reload: () => void }) {
  const { t } = useDocsT();
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState(false);
  if (!loaded) return null;
  return (
    <Section className="panel" titleId="cert-title" title={t("cert.title")}>
      <div aria-live="polite">{done && <Notice>{t("cert.issued")}</Notice>}</div>
      {active ? (
        <>
          <p data-testid="cert-active">
            {t("cert.active", { subject: active.subject, serial: active.serial.slice(0, 16), until: formatDate(active.notAfter) })}
          </p>
          <p className="muted">{t("cert.renewLead")}</p>
        </>
      ) : (
        <p>{t("cert.none")}</p>
      )}
      <button type="button" className="button button--secondary" onClick={() => setOpen(true)}>
        {active ? t("cert.renew") : t("cert.issue")}
      </button>
      {open && (
        <IssueCertificateDialog
          purpose={{ kind: active ? "renew" : "issue" }}
          onIssued={() => {
            setDone(true);
            reload();
          }}
          onClose={() => setOpen(false)}
        />
      )}
    </Section>
  );
}
