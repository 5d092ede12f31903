/** The caller and the place of a 112 call: who calls, and where the emergency is (a shared GPS link or coordinates, an address, the kelurahan preselected from the point). */
import type { ChangeEvent } from "react";
import { Field, OptionalLabel, TextField } from "../../../ui/form.tsx";
import { parseSharedLocation, useCommandT } from "../i18n.ts";
import type { Kecamatan, Located, Values } from "./model.ts";
import { KelurahanOptions } from "../../../ui/KelurahanOptions.tsx";

type Change = (e: ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) => void;

/** Who calls: name and phone number (both optional). */
export function CallerFields({ bind }: { bind: (name: "callerName" | "callerPhone") => { value: string; onChange: Change; error?: string } }) {
  const { t } = useCommandT();
  return (
    <div className="form-row">
      <TextField id="callerName" label={t("taker.callerName")} {...bind("callerName")} autoComplete="off" autoFocus width="20" />
      <TextField id="callerPhone" label={t("taker.callerPhone")} {...bind("callerPhone")} type="tel" inputMode="tel" autoComplete="off" width="10" />
    </div>
  );
}

/** Where the emergency is. */
export function LocationFields({
  values,
  errors,
  set,
  onGps,
  onKelurahan,
  kecamatan,
  located,
  cityName,
}: {
  values: Values;
  errors: Record<string, string>;
  set: (name: keyof Values) => Change;
  onGps: (text: string) => void;
  /** The call taker chose a kelurahan (it is no longer preselected from the point). */
  onKelurahan: Change;
  kecamatan: Kecamatan[];
  located: Located | null;
  cityName: string;
}) {
  const { t } = useCommandT();
  const gpsParsed = values.gps.trim() ? parseSharedLocation(values.gps) : null;
  return (
    <fieldset className="field fieldset cmd-location" aria-describedby="location-hint">
      <legend className="field__label cmd-legend">{t("taker.locationLegend")}</legend>
      <div className="field__hint" id="location-hint">
        {t("taker.locationHint")}
      </div>
      <TextField
        id="gps"
        label={t("taker.gps")}
        hint={t("taker.gpsHint")}
        value={values.gps}
        onChange={(e) => onGps(e.target.value)}
        error={errors.gps}
        autoComplete="off"
        spellCheck={false}
      />
      <p className="cmd-gps-status" aria-live="polite">
        {values.gps.trim() ? (
          gpsParsed ? (
            <span className="cmd-ok">{t("taker.gpsOk", { lat: gpsParsed.lat, lon: gpsParsed.lon })}</span>
          ) : (
            <span className="cmd-warn">{t("taker.gpsBad")}</span>
          )
        ) : null}
      </p>
      <TextField id="address" label={t("taker.address")} value={values.address} onChange={set("address")} error={errors.address} autoComplete="off" />
      <div className="form-row">
        {(["lat", "lon"] as const).map((k) => (
          <TextField
            key={k}
            id={k}
            label={t(`taker.${k}`)}
            value={values[k]}
            onChange={set(k)}
            error={errors[k]}
            inputMode="decimal"
            autoComplete="off"
            width="10"
          />
        ))}
      </div>
      <Field id="kelurahan" label={<OptionalLabel label={t("taker.kelurahan")} />} hint={t("taker.kelurahanHint")} error={errors.kelurahan} errorPrefix={false}>
        <select
          id="kelurahan"
          name="kelurahan"
          className="select cmd-select"
          value={values.kelurahan}
          onChange={onKelurahan}
          aria-describedby={`kelurahan-hint kelurahan-status${errors.kelurahan ? " kelurahan-error" : ""}`}
          aria-invalid={errors.kelurahan ? true : undefined}
        >
          <option value="">{t("taker.kelurahanNone")}</option>
          <KelurahanOptions regions={kecamatan} />
        </select>
      </Field>
      <div id="kelurahan-status" className="cmd-locate" aria-live="polite">
        {located?.inside === false ? (
          <div className="notice notice--warning cmd-outside">
            <p className="notice__title">{t("taker.outsideTitle")}</p>
            <p>{t("taker.outsideBody", { city: cityName })}</p>
          </div>
        ) : located?.kelurahanName ? (
          <p className="cmd-ok">{t("taker.locatedIn", { kelurahan: located.kelurahanName, kecamatan: located.kecamatanName ?? "" })}</p>
        ) : located?.kecamatanName ? (
          <p className="cmd-ok">{t("taker.locatedKec", { kecamatan: located.kecamatanName })}</p>
        ) : null}
      </div>
    </fieldset>
  );
}
