/** Sets the kelurahan of a report that has none yet ("kelurahan belum ditentukan"), or corrects it (Kominfo, handling unit). */
import { type FormEvent, useState } from "react";
import { post, ProblemError } from "../../../api.ts";
import { type Region, useData } from "../../citizen/shared.tsx";
import { useLaporT } from "../shared.tsx";
import { Field, SubmitButton } from "../../../ui/form.tsx";
import { KelurahanOptions } from "../../../ui/KelurahanOptions.tsx";

export default function PlaceForm({
  caseId,
  version,
  current,
  onPlaced,
}: {
  caseId: string;
  version?: number;
  current: string | null;
  onPlaced: (name: string) => void;
}) {
  const { t } = useLaporT();
  const regions = useData<Region[]>("/api/regions");
  const [kelurahan, setKelurahan] = useState(current ?? "");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    if (!kelurahan) return setError(t("staff.placeMissing"));
    setBusy(true);
    try {
      const r = await post<{ kelurahan: { name: string } }>(`/api/lapor/reports/${caseId}/kelurahan`, { kelurahan, ...(version ? { version } : {}) });
      setError("");
      onPlaced(r.kelurahan.name);
    } catch (err) {
      setError(err instanceof ProblemError ? (err.errors[0]?.message ?? err.title) : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="inline-form" onSubmit={submit} noValidate>
      <h3>{current ? t("staff.placeFixTitle") : t("staff.placeTitle")}</h3>
      <p className="muted" id="place-hint">
        {current ? t("staff.placeFixHint") : t("staff.placeHint")}
      </p>
      <Field id="place-kelurahan" label={t("flow.kelurahan")} error={error} errorPrefix={false}>
        <select
          // Mounted again once the options are there, so the current kelurahan shows as selected.
          key={regions.data ? "ready" : "loading"}
          id="place-kelurahan"
          className="select"
          value={kelurahan}
          onChange={(e) => setKelurahan(e.target.value)}
          aria-describedby={`place-hint${error ? " place-error" : ""}`}
          aria-invalid={error ? true : undefined}
        >
          <option value="">{t("flow.kelurahanChoose")}</option>
          <KelurahanOptions regions={regions.data ?? []} />
        </select>
      </Field>
      <SubmitButton busy={busy} className="button--secondary">
        {t("staff.placeSend")}
      </SubmitButton>
    </form>
  );
}
