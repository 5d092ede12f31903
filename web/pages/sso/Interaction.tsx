/** /oidc/interaction/:uid — an OPD app asks to sign the user in: continue with the Balai session, then consent. */
import { useState } from "react";
import { Link } from "wouter";
import { post, ProblemError } from "../../api.ts";
import { useSession } from "../../session.tsx";
import { SubmitButton } from "../../ui/form.tsx";
import { Loading, Notice, PageTitle } from "../../ui/misc.tsx";
import { useData } from "../citizen/shared.tsx";
import { InapasButton } from "./InapasButton.tsx";
import { type Interaction as Details, useSsoT } from "./shared.tsx";

export default function Interaction({ uid }: { uid: string }) {
  const { t } = useSsoT();
  const { session, logout } = useSession();
  const { data, error } = useData<Details>(`/oidc/interaction/${uid}/details`);
  const [shareNik, setShareNik] = useState(false);
  const [busy, setBusy] = useState<"" | "go" | "deny">("");
  const [failure, setFailure] = useState("");
  const here = `/oidc/interaction/${uid}`;

  const send = async (path: string, body?: unknown, which: "go" | "deny" = "go") => {
    setBusy(which);
    setFailure("");
    try {
      const r = await post<{ redirectTo: string }>(`${here}/${path}`, body);
      window.location.assign(r.redirectTo);
    } catch (err) {
      setBusy("");
      setFailure(err instanceof ProblemError ? err.title : String(err));
    }
  };

  if (error) {
    return (
      <div className="narrow">
        <PageTitle>{t("loginTitle", { app: "Balai" })}</PageTitle>
        <Notice kind="warning">{t("expired")}</Notice>
      </div>
    );
  }
  if (!data) return <Loading />;
  const app = data.client.name;
  const user = session?.user;

  if (data.prompt === "login") {
    return (
      <div className="narrow">
        <PageTitle>{t("loginTitle", { app })}</PageTitle>
        <p>{t("loginLead", { app })}</p>
        {failure && <Notice kind="warning">{failure}</Notice>}
        {user ? (
          <>
            <p>{t("signedInAs", { name: user.name })}</p>
            <div className="button-group">
              <button type="button" className="button" data-busy={busy === "go" || undefined} onClick={() => void send("login")}>
                {t("continue", { name: user.name })}
              </button>
            </div>
            <p>
              <button type="button" className="link-button" onClick={() => void logout()}>
                {t("notYou")}
              </button>
            </p>
          </>
        ) : (
          <>
            <div className="button-group">
              <Link href={`/masuk?next=${encodeURIComponent(here)}`} className="button">
                {t("signInFirst")}
              </Link>
            </div>
            <InapasButton next={here} />
          </>
        )}
      </div>
    );
  }

  const listed = data.scopes.filter((s) => s !== "nik");
  return (
    <div className="narrow">
      <PageTitle>{t("consentTitle", { app })}</PageTitle>
      <p>{t("consentLead", { app })}</p>
      {failure && <Notice kind="warning">{failure}</Notice>}
      <ul>
        {listed.map((s) => (
          <li key={s}>{t(`scope.${s}`, { defaultValue: s })}</li>
        ))}
      </ul>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void send("consent", { shareNik });
        }}
      >
        {data.nik && (
          <fieldset className="card">
            <legend>{t("nikLegend")}</legend>
            <p>{t("nikPurpose", { purpose: data.nik.purpose, days: data.nik.retentionDays })}</p>
            <p className="field__hint" id="nik-hint">
              {t("nikHint")}
            </p>
            <label>
              <input type="checkbox" checked={shareNik} aria-describedby="nik-hint" onChange={(e) => setShareNik(e.target.checked)} /> {t("nikShare", { app })}
            </label>
          </fieldset>
        )}
        <div className="button-group">
          <SubmitButton busy={busy === "go"}>{t("allow")}</SubmitButton>
          <button
            type="button"
            className="button button--secondary"
            data-busy={busy === "deny" || undefined}
            onClick={() => void send("abort", undefined, "deny")}
          >
            {t("deny")}
          </button>
        </div>
      </form>
    </div>
  );
}
