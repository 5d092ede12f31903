/** Step 2 of /lapor: the place (pin on the map, GPS or coordinates) and, optionally, the kelurahan. */
import { lazy, Suspense, useState } from "react";
import { ErrorSummary, Labelled, OptionalLabel, SubmitButton } from "../../../ui/form.tsx";
import { Fieldset } from "../../../ui/fields.tsx";
import { PageTitle } from "../../../ui/misc.tsx";
import { BackLink } from "./parts.tsx";
import type { ReportFlowState } from "./useReportFlow.ts";
import { KelurahanPicker, kecamatanOf } from "../../../ui/KelurahanPicker.tsx";

const MapView = lazy(() => import("../MapView.tsx"));

export function StepLocation({ flow }: { flow: ReportFlowState }) {
  const {
    L,
    applyCoords,
    cat,
    confirmLocation,
    errors,
    geo,
    gpsProblem,
    kelurahan,
    latText,
    locateMe,
    located,
    locating,
    lonText,
    mapApi,
    pin,
    placePin,
    placeText,
    regions,
    session,
    setKelurahan,
    setLatText,
    setLonText,
    stepCaption,
    summary,
    t,
  } = flow;
  // Kecamatan first, then its kelurahan; a kelurahan set from the map pin brings its kecamatan along.
  const [pickedKecamatan, setPickedKecamatan] = useState("");
  const kecamatan = kelurahan ? kecamatanOf(regions.data ?? [], kelurahan) : pickedKecamatan;
  return (
    <>
      <BackLink to="kategori" />
      <ErrorSummary summary={summary} />
      <PageTitle caption={stepCaption}>{t("flow.locationTitle")}</PageTitle>
      <p>{t("flow.locationLead", { category: cat ? L(cat.name) : "" })}</p>
      <form onSubmit={confirmLocation} noValidate>
        <div className={`field${errors.pin || errors.lat ? " field--error" : ""}`}>
          <p className="field__label" id="pin-label">
            {t("flow.pinLabel")}
          </p>
          <p className="field__hint" id="pin-hint">
            {t("flow.pinHint")}
          </p>
          {errors.pin && (
            <p className="field__error" id="pin-error">
              <span className="visually-hidden">{t("flow.errorPrefix")} </span>
              {errors.pin}
            </p>
          )}
          {errors.lat && (
            <p className="field__error" id="lat-error">
              <span className="visually-hidden">{t("flow.errorPrefix")} </span>
              {errors.lat}
            </p>
          )}
          <div className="button-group map-tools">
            <button
              type="button"
              id={geo.data ? undefined : "pin"}
              className="button button--secondary"
              onClick={locateMe}
              aria-disabled={locating === "gps" || undefined}
            >
              <span aria-hidden="true">◎ </span>
              {t("flow.useMyLocation")}
            </button>
            {geo.data && (
              <button
                type="button"
                className="button button--secondary"
                onClick={() => {
                  const c = mapApi.current?.center();
                  if (c) placePin(c[0], c[1]);
                }}
              >
                {t("flow.pinCenter")}
              </button>
            )}
          </div>
          {gpsProblem && (
            <p className="notice notice--warning" role="alert">
              {gpsProblem}
            </p>
          )}
          {geo.data ? (
            <Suspense fallback={<div className="map-shell map-placeholder" />}>
              <MapView
                id="pin"
                describedBy={`pin-hint${errors.pin ? " pin-error" : ""}`}
                config={geo.data}
                label={t("flow.mapLabel")}
                pin={pin}
                onPick={placePin}
                onReady={(api) => {
                  mapApi.current = api;
                }}
              />
            </Suspense>
          ) : geo.error ? (
            <p className="notice notice--info">{t("flow.noMap")}</p>
          ) : (
            <div className="map-shell map-placeholder" />
          )}
          <div className="located" aria-live="polite" role="status">
            {locating === "gps" ? (
              <p>{t("flow.gpsWaiting")}</p>
            ) : locating === "lookup" ? (
              <p>{t("flow.lookingUp")}</p>
            ) : pin ? (
              <p>
                <strong>{t("flow.pinPlaced")}</strong> {placeText || t("flow.placeUnknown")}{" "}
                <span className="muted nowrap">
                  ({pin.lat.toFixed(5)}, {pin.lon.toFixed(5)})
                </span>
                {located?.inside === false && <span className="located__warn"> {t("flow.outside", { city: session?.tenant.name ?? "" })}</span>}
              </p>
            ) : (
              <p className="muted">{t("flow.noPinYet")}</p>
            )}
          </div>
          <details className="coords" open={(!geo.data && !!geo.error) || !!errors.lat}>
            <summary>{t("flow.coordsToggle")}</summary>
            <div className="form-row coords__row">
              {(
                [
                  ["lat", latText, setLatText],
                  ["lon", lonText, setLonText],
                ] as const
              ).map(([k, text, setText]) => {
                // One message for the pair of coordinates, shown by the latitude.
                const err = k === "lat" && !!errors.lat;
                return (
                  <Labelled key={k} id={k} label={t(`flow.${k}`)} className="field--tight" labelClassName="field__label--small">
                    <input
                      id={k}
                      className="input input--wfull"
                      inputMode="decimal"
                      value={text}
                      onChange={(e) => setText(e.target.value)}
                      aria-describedby={err ? "lat-error" : undefined}
                      aria-invalid={err || undefined}
                      autoComplete="off"
                    />
                  </Labelled>
                );
              })}
            </div>
            <button type="button" className="button button--secondary button--small" onClick={applyCoords}>
              {t("flow.useCoords")}
            </button>
          </details>
        </div>

        <Fieldset id="kelurahan-place" legend={<OptionalLabel label={t("flow.kelurahan")} />}>
          <p className="field__hint">
            {geo.data?.boundariesLoaded ? t("flow.kelurahanHintAuto") : t("flow.kelurahanHintPick")} {t("flow.kelurahanHintOptional")}
          </p>
          <KelurahanPicker
            regions={regions.data ?? []}
            kecamatan={kecamatan}
            kelurahan={kelurahan}
            ids={{ kelurahan: "kelurahan" }}
            errors={{ kelurahan: errors.kelurahan }}
            emptyLabel={t("flow.kelurahanUnknown")}
            onChange={(next) => {
              setPickedKecamatan(next.kecamatan);
              setKelurahan(next.kelurahan);
            }}
          />
        </Fieldset>
        <SubmitButton>{t("flow.continue")}</SubmitButton>
      </form>
    </>
  );
}
