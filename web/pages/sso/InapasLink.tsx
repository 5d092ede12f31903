/** /masuk/inapas/:token — INApas found a matching Balai account: its owner signs in to it and confirms the link. */
import { useState } from "react";
import { Link, useLocation } from "wouter";
import { post, ProblemError } from "../../api.ts";
import { useSession } from "../../session.tsx";
import { Loading, Notice, PageTitle } from "../../ui/misc.tsx";
import { useData } from "../citizen/shared.tsx";
import { type PendingLink, useSsoT } from "./shared.tsx";

export default function InapasLink({ token }: { token: string }) {
  const { t } = useSsoT();
  const [, navigate] = useLocation();
  const { session, logout } = useSession();
  const { data, error } = useData<PendingLink>(`/api/auth/inapas/link/${token}`);
  const [failure, setFailure] = useState("");
  const [busy, setBusy] = useState(false);
  const here = `/masuk/inapas/${token}`;

  if (error) {
    return (
      <div className="narrow">
        <PageTitle>{t("linkTitle")}</PageTitle>
        <Notice kind="warning">{t("expired")}</Notice>
      </div>
    );
  }
  if (!data) return <Loading />;

  const confirm = async () => {
    setBusy(true);
    setFailure("");
    try {
      const r = await post<{ next: string }>(`/api/auth/inapas/link/${token}`);
      navigate(r.next);
    } catch (err) {
      setBusy(false);
      setFailure(
        err instanceof ProblemError && err.status === 403 ? t("linkOther", { account: data.account }) : err instanceof ProblemError ? err.title : String(err),
      );
    }
  };

  return (
    <div className="narrow">
      <PageTitle>{t("linkTitle")}</PageTitle>
      <p>{t("linkLead", { account: data.account })}</p>
      {data.nikMatched && <p>{t("linkNik")}</p>}
      {failure && (
        <Notice kind="warning">
          {failure}{" "}
          <button type="button" className="link-button" onClick={() => void logout()}>
            {t("notYou")}
          </button>
        </Notice>
      )}
      <div className="button-group">
        {session?.user ? (
          <button type="button" className="button" data-busy={busy || undefined} onClick={() => void confirm()}>
            {t("linkConfirm")}
          </button>
        ) : (
          <Link href={`/masuk?next=${encodeURIComponent(here)}`} className="button">
            {t("linkSignIn")}
          </Link>
        )}
      </div>
    </div>
  );
}
