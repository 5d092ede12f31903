/**
 * The citizen's view of a case's state, told by the server: once the signed letter is ready (`documentReady`, even
 * while a hand-over step remains in the workflow) the case reads "Selesai — surat dapat diunduh".
 */
import { useLoc, stateTag, type L } from "../citizen/shared.tsx";
import { Notice } from "../../ui/misc.tsx";
import { useDocsT } from "./shared.tsx";

interface Stated {
  state: string;
  stateLabel: L;
  isOpen: boolean;
  outcome?: string | null;
  editable?: boolean;
  documentReady?: boolean;
}

/** Whether the citizen's list shows the case among the finished ones. */
export const looksDone = (c: { isOpen: boolean; documentReady?: boolean }) => !c.isOpen || !!c.documentReady;

export function CaseStatusTag({ c, label, testId }: { c: Stated; label?: string; testId?: string }) {
  const { t } = useDocsT();
  const loc = useLoc();
  return (
    <strong className={`tag ${c.documentReady ? "tag--green" : stateTag(c)}`} data-testid={testId}>
      {c.documentReady ? t("case.ready") : (label ?? loc(c.stateLabel))}
    </strong>
  );
}

/** On the case page: the ready letter with its download, above everything else. */
export function ReadyLetter({ doc }: { doc: { title: string; number: string | null; downloadUrl: string } | null | undefined }) {
  const { t } = useDocsT();
  if (!doc) return null;
  return (
    <Notice title={t("case.readyNotice")}>
      <p>
        <a className="button" href={doc.downloadUrl} download>
          {t("case.readyDownload", { title: `${doc.title} ${doc.number ?? ""}`.trim() })}
        </a>
      </p>
    </Notice>
  );
}
