/** The output documents of a case, for the citizen's case page: download the signed PDF, check it. */
import { useData } from "../citizen/shared.tsx";
import { useDocsT } from "./shared.tsx";
import { Section } from "../../ui/Section.tsx";

interface CaseDocument {
  id: string;
  title: string;
  status: "pending" | "signed";
  number: string | null;
  downloadUrl?: string;
  verifyUrl?: string;
  code?: string;
}

export default function CaseDocuments({ caseId }: { caseId: string }) {
  const { t } = useDocsT();
  const { data } = useData<CaseDocument[]>(`/api/cases/${caseId}/output-documents`);
  if (!data || data.length === 0) return null;
  return (
    <Section titleId="case-docs-title" title={t("case.title")} data-testid="case-documents">
      <ul>
        {data.map((d) =>
          d.status === "signed" ? (
            <li key={d.id}>
              <a href={d.downloadUrl} download>
                {t("case.download", { title: `${d.title} ${d.number ?? ""}`.trim() })}
              </a>{" "}
              · <a href={`/verify/${d.code}`}>{t("case.verify")}</a>
            </li>
          ) : (
            <li key={d.id}>{t("case.pending", { title: d.title })}</li>
          ),
        )}
      </ul>
    </Section>
  );
}
