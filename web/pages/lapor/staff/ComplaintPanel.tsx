/** The e-Lapor part of the staff case view: the pin, photos, supports, a progress update with photos, merge. */
import { type FormEvent, lazy, Suspense, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { post, ProblemError } from "../../../api.ts";
import { useSession } from "../../../session.tsx";
import { ErrorSummary, Field, SubmitButton, type Summary, TextAreaField } from "../../../ui/form.tsx";
import { Notice, SummaryList } from "../../../ui/misc.tsx";
import { useData } from "../../citizen/shared.tsx";
import { catKey, formatDistance, type GeoConfig, type MyReport, type NearbyReport, PhotoGrid, placeText, postForm, useLaporT } from "../shared.tsx";

import type { schemas } from "../../../api.ts";
import { AfterPhotoField } from "../loop/AfterPhotoField.tsx";
import PlaceForm from "./PlaceForm.tsx";

const MapView = lazy(() => import("../MapView.tsx"));
const MAX_PHOTOS = 5;

export default function ComplaintPanel({ caseId, isOpen, onChanged }: { caseId: string; isOpen: boolean; onChanged: () => void }) {
  const { t } = useLaporT();
  const { i18n } = useTranslation();
  const { session } = useSession();
  const geo = useData<GeoConfig>("/api/geo/config");
  const { data: r, error, reload } = useData<MyReport>(`/api/lapor/reports/${caseId}`);
  const [message, setMessage] = useState("");
  const [files, setFiles] = useState<File[]>([]);
  const [into, setInto] = useState("");
  const [busy, setBusy] = useState(false);
  const [summary, setSummary] = useState<Summary | null>(null);
  const [errs, setErrs] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState("");
  const fileRef = useRef<HTMLInputElement>(null);
  const catKeyOf = r ? catKey(r.category) : "";
  const similar = useData<{ items: NearbyReport[] }>(
    r?.isOpen && r.lat != null && r.lon != null ? `/api/lapor/nearby?category=${encodeURIComponent(catKeyOf)}&lat=${r.lat}&lon=${r.lon}` : null,
  );
  const others = (similar.data?.items ?? []).filter((x) => x.id !== caseId);

  if (error) return <p className="notice notice--warning">{error.title}</p>;
  if (!r) return null;

  const fail = (err: unknown, field: string) => {
    const msg = err instanceof ProblemError ? (err.errors[0]?.message ?? err.title) : String(err);
    setErrs({ [field]: msg });
    setSummary({ title: err instanceof ProblemError ? err.title : undefined, items: [{ field, message: msg }], n: Date.now() });
  };
  const invalid = (field: string, msg: string) => {
    setErrs({ [field]: msg });
    setSummary({ items: [{ field, message: msg }], n: Date.now() });
  };

  const sendUpdate = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    if (!message.trim()) return invalid("update-message", t("staff.updateMissing"));
    if (files.length > MAX_PHOTOS) return invalid("update-photos", t("flow.photosTooMany", { max: MAX_PHOTOS }));
    setBusy(true);
    try {
      const form = new FormData();
      form.append("message", message.trim());
      for (const f of files) form.append("file", f, f.name);
      await postForm(`/api/lapor/reports/${caseId}/updates`, form, session?.csrfToken, i18n.language);
      setMessage("");
      setFiles([]);
      if (fileRef.current) fileRef.current.value = "";
      setErrs({});
      setSummary(null);
      setNotice(t("staff.updateSent"));
      reload();
      onChanged();
    } catch (err) {
      fail(err, "update-message");
    } finally {
      setBusy(false);
    }
  };

  const merge = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    if (!into.trim()) return invalid("merge-into", t("staff.mergeMissing"));
    setBusy(true);
    try {
      await post(`/api/lapor/reports/${caseId}/merge`, { into: into.trim() });
      setInto("");
      setErrs({});
      setSummary(null);
      setNotice(t("staff.merged", { number: into.trim() }));
      reload();
      onChanged();
    } catch (err) {
      fail(err, "merge-into");
    } finally {
      setBusy(false);
    }
  };

  const pin = r.lat != null && r.lon != null ? { lat: r.lat, lon: r.lon } : null;
  return (
    <section className="complaint-panel" aria-labelledby="complaint-title">
      <ErrorSummary summary={summary} />
      <h2 id="complaint-title">{t("staff.panelTitle")}</h2>
      {notice && <Notice>{notice}</Notice>}
      <ul className="tags">
        {r.anonymous && <li className="tag tag--orange">{t("mine.anonymous")}</li>}
        {r.confidential && <li className="tag tag--orange">{t("mine.confidential")}</li>}
        {r.hidden && <li className="tag tag--grey">{t("staff.modIsHidden")}</li>}
        <li className="tag">{t("public.supports", { count: r.supportCount ?? 0 })}</li>
        {!!r.flagCount && <li className="tag tag--red">{t("staff.modFlags", { count: r.flagCount })}</li>}
      </ul>
      {r.anonymous ? (
        <p className="muted">{t("staff.anonymousNote")}</p>
      ) : (
        r.reporter?.name && (
          <p>
            {t("staff.reporter")}: <strong>{r.reporter.name}</strong>
          </p>
        )
      )}
      <SummaryList
        rows={[
          [
            t("detail.place"),
            <>
              {placeText(r.kelurahan, r.kecamatan) || <strong>{t("common.unplaced")}</strong>}
              {pin && (
                <span className="muted nowrap">
                  {" "}
                  ({pin.lat.toFixed(5)}, {pin.lon.toFixed(5)})
                </span>
              )}
            </>,
          ],
          r.address && [t("staff.address"), r.address, "pre-wrap"],
          r.title && [t("flow.titleLabel"), r.title],
          [t("detail.description"), r.description ?? r.excerpt, "pre-wrap"],
        ]}
      />
      {geo.data && pin && (
        <Suspense fallback={<div className="map-shell map-placeholder" />}>
          <MapView config={{ ...geo.data, center: [pin.lat, pin.lon], zoom: 16 }} label={t("detail.mapLabel")} pin={pin} className="map-shell--small" />
        </Suspense>
      )}
      {r.photos?.length > 0 && (
        <>
          <h3>{t("detail.photos")}</h3>
          <PhotoGrid photos={r.photos} altKey="detail.photoAlt" className="photo-grid--view" />
        </>
      )}

      <AfterPhotoField caseId={caseId} isOpen={isOpen} fix={(r as { fix?: schemas["LaporFix"] }).fix} onChanged={reload} />
      {isOpen && r.canPlace && (
        <PlaceForm
          key={r.version}
          caseId={caseId}
          version={r.version}
          current={r.kelurahan == null ? null : typeof r.kelurahan === "string" ? r.kelurahan : r.kelurahan.code}
          onPlaced={(name) => {
            setNotice(t("staff.placed", { kelurahan: name }));
            reload();
            onChanged();
          }}
        />
      )}
      {isOpen && (
        <div className="grid grid--2 complaint-panel__forms">
          <form className="inline-form" onSubmit={sendUpdate} noValidate>
            <h3>{t("staff.updateTitle")}</h3>
            <p className="muted">{t("staff.updateHint")}</p>
            <TextAreaField
              id="update-message"
              label={t("staff.updateMessage")}
              error={errs["update-message"]}
              errorPrefix={false}
              inputClassName="textarea"
              rows={3}
              maxLength={4000}
              value={message}
              onChange={(e) => setMessage(e.target.value)}
            />
            <Field id="update-photos" label={t("staff.updatePhotos", { max: MAX_PHOTOS })} error={errs["update-photos"]} errorPrefix={false}>
              <input
                ref={fileRef}
                id="update-photos"
                type="file"
                accept="image/*"
                multiple
                className="file-input"
                onChange={(e) => setFiles([...(e.target.files ?? [])])}
                aria-describedby={errs["update-photos"] ? "update-photos-error" : undefined}
              />
              {files.length > 0 && <p className="muted">{t("flow.photosCount", { count: files.length })}</p>}
            </Field>
            <SubmitButton busy={busy}>{t("staff.updateSend")}</SubmitButton>
          </form>
          <form className="inline-form" onSubmit={merge} noValidate>
            <h3>{t("staff.mergeTitle")}</h3>
            <p className="muted">{t("staff.mergeHint")}</p>
            {others.length > 0 && (
              <>
                <p className="field__label">{t("staff.similarTitle")}</p>
                <ul className="plain-list similar-list">
                  {others.slice(0, 5).map((x) => (
                    <li key={x.id}>
                      <button type="button" className="link-button mono" onClick={() => setInto(x.number)}>
                        {x.number}
                      </button>{" "}
                      <span className="muted">
                        · {formatDistance(x.distanceMeters, i18n.language)} · {x.excerpt}
                      </span>
                    </li>
                  ))}
                </ul>
              </>
            )}
            <Field id="merge-into" label={t("staff.mergeInto")} error={errs["merge-into"]} errorPrefix={false}>
              <input
                id="merge-into"
                className="input input--w20 mono"
                value={into}
                onChange={(e) => setInto(e.target.value)}
                spellCheck={false}
                autoComplete="off"
                aria-describedby={errs["merge-into"] ? "merge-into-error" : undefined}
                aria-invalid={errs["merge-into"] ? true : undefined}
              />
            </Field>
            <SubmitButton busy={busy} className="button--secondary">
              {t("staff.mergeSend")}
            </SubmitButton>
          </form>
        </div>
      )}
    </section>
  );
}
