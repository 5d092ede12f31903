/** Step 3 of /lapor: description, title, the category's own fields, photos and privacy. */
import { CheckField, ErrorSummary, Field, OptionalLabel, SubmitButton, TextAreaField } from "../../../ui/form.tsx";
import { PageTitle } from "../../../ui/misc.tsx";
import { ExtraField } from "./ExtraField.tsx";
import { BackLink } from "./parts.tsx";
import { MAX_PHOTOS } from "./usePhotos.ts";
import type { ReportFlowState } from "./useReportFlow.ts";

export function StepDetails({ flow }: { flow: ReportFlowState }) {
  const {
    addPhotos,
    anonymous,
    cat,
    confidential,
    confirmDetails,
    description,
    errors,
    extra,
    fields,
    fileInput,
    photos,
    removePhoto,
    setAnonymous,
    setConfidential,
    setDescription,
    setExtra,
    setTitle,
    stepCaption,
    summary,
    t,
    title,
  } = flow;
  return (
    <>
      <BackLink to="lokasi" />
      <ErrorSummary summary={summary} />
      <PageTitle caption={stepCaption}>{t("flow.detailsTitle")}</PageTitle>
      <form onSubmit={confirmDetails} noValidate>
        <TextAreaField
          id="description"
          label={t("flow.description")}
          hint={t("flow.descriptionHint")}
          error={errors.description}
          rows={6}
          maxLength={4000}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
        />
        <Field id="title" label={<OptionalLabel label={t("flow.titleLabel")} />} error={errors.title} errorPrefix={false}>
          <input id="title" className="input input--wfull" maxLength={150} value={title} onChange={(e) => setTitle(e.target.value)} />
        </Field>

        {fields.map((f) => (
          <ExtraField key={f.name} f={f} value={extra[f.name] ?? ""} error={errors[`x-${f.name}`]} onChange={(v) => setExtra((x) => ({ ...x, [f.name]: v }))} />
        ))}

        <Field id="photos" label={<OptionalLabel label={t("flow.photos")} />} hint={t("flow.photosHint", { max: MAX_PHOTOS })} error={errors.photos}>
          {photos.length > 0 && (
            <ul className="photo-grid" aria-label={t("flow.photosChosen", { count: photos.length })}>
              {photos.map((p, i) => (
                <li key={p.key} className={`photo-grid__item photo-grid__item--${p.status}`}>
                  <img src={p.preview} alt={t("flow.photoAlt", { n: i + 1, name: p.name })} />
                  <p className="photo-grid__status" aria-live="polite">
                    {p.status === "uploading"
                      ? t("flow.photoUploading")
                      : p.status === "error"
                        ? p.error
                        : p.status === "waiting"
                          ? t("flow.photoWaiting")
                          : t("flow.photoReady")}
                  </p>
                  <button type="button" className="button button--secondary button--small" onClick={() => removePhoto(p.key)}>
                    {t("flow.photoRemove")}
                    <span className="visually-hidden"> {t("flow.photoN", { n: i + 1 })}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          {photos.length < MAX_PHOTOS ? (
            <input
              ref={fileInput}
              id="photos"
              type="file"
              accept="image/*"
              multiple
              className="file-input"
              onChange={(e) => void addPhotos(e.target.files)}
              aria-describedby={`photos-hint${errors.photos ? " photos-error" : ""}`}
            />
          ) : (
            <p className="muted" id="photos" tabIndex={-1}>
              {t("flow.photosFull", { max: MAX_PHOTOS })}
            </p>
          )}
        </Field>

        <fieldset className="field fieldset">
          <legend className="field__label">{t("flow.privacyLegend")}</legend>
          {cat?.anonymousAllowed && (
            <CheckField id="anonymous" label={t("flow.anonymous")} hint={t("flow.anonymousHint")} checked={anonymous} onChange={setAnonymous} />
          )}
          <CheckField id="confidential" label={t("flow.confidential")} hint={t("flow.confidentialHint")} checked={confidential} onChange={setConfidential} />
          {!cat?.anonymousAllowed && <p className="muted">{t("flow.anonymousNotAllowed")}</p>}
        </fieldset>
        <SubmitButton>{t("flow.continue")}</SubmitButton>
      </form>
    </>
  );
}
