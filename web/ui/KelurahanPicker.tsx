/**
 * Choosing a kelurahan without a map: kecamatan first, then its kelurahan, both alphabetical, with a search box that
 * narrows both lists (a kecamatan's or a kelurahan's name). Two native selects: every phone, keyboard and screen
 * reader knows them (type-ahead included). Where boundaries are imported the map pin sets the value and this
 * stays a way to correct it.
 */
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Field, Labelled } from "./fields.tsx";

export interface KecamatanRegion {
  code: string;
  name: string;
  kelurahan: { code: string; name: string | null }[];
}

// Made at its first use, not when the module loads (the report flow's first step sorts nothing).
let collator: Intl.Collator | undefined;
const byName = <T extends { name: string | null }>(a: T, b: T) => {
  collator ??= new Intl.Collator("id", { numeric: true, sensitivity: "base" });
  return collator.compare(a.name ?? "", b.name ?? "");
};
const norm = (s: string | null) => (s ?? "").toLocaleLowerCase("id").normalize("NFKD");

/** The kecamatan a kelurahan code belongs to ("16.71.01.1001" is in "16.71.01"). */
export function kecamatanOf(regions: KecamatanRegion[], kelurahan: string): string {
  return regions.find((k) => k.kelurahan.some((l) => l.code === kelurahan))?.code ?? "";
}

interface Props {
  regions: KecamatanRegion[];
  kecamatan: string;
  kelurahan: string;
  onChange: (next: { kecamatan: string; kelurahan: string }) => void;
  /** Ids of the two selects (error summaries link to them). */
  ids?: { kecamatan?: string; kelurahan?: string };
  names?: { kecamatan?: string; kelurahan?: string };
  errors?: { kecamatan?: string; kelurahan?: string };
  /** The empty choice of the kelurahan list, e.g. "Tidak tahu" where it is optional. */
  emptyLabel?: string;
}

export function KelurahanPicker({ regions, kecamatan, kelurahan, onChange, ids = {}, names = {}, errors = {}, emptyLabel }: Props) {
  const { t } = useTranslation();
  const base = useId();
  const searchId = `${base}-search`;
  const kecId = ids.kecamatan ?? `${base}-kecamatan`;
  const kelId = ids.kelurahan ?? `${base}-kelurahan`;
  const [search, setSearch] = useState("");
  const q = norm(search.trim());

  const sorted = [...regions].sort(byName).map((k) => ({ ...k, kelurahan: [...k.kelurahan].sort(byName) }));
  const kecMatches = (k: KecamatanRegion) => !q || norm(k.name).includes(q);
  const shown = sorted.filter((k) => k.code === kecamatan || kecMatches(k) || k.kelurahan.some((l) => norm(l.name).includes(q)));
  const current = sorted.find((k) => k.code === kecamatan);
  const kelShown = (current?.kelurahan ?? []).filter((l) => l.code === kelurahan || !q || kecMatches(current as KecamatanRegion) || norm(l.name).includes(q));
  const matching = q ? shown.reduce((n, k) => n + (kecMatches(k) ? k.kelurahan.length : k.kelurahan.filter((l) => norm(l.name).includes(q)).length), 0) : 0;

  const chooseKecamatan = (code: string) => onChange({ kecamatan: code, kelurahan: "" });
  const onSearch = (text: string) => {
    setSearch(text);
    // A search that leaves one kecamatan chooses it, so its kelurahan list is ready.
    const nq = norm(text.trim());
    if (!nq) return;
    const hits = sorted.filter((k) => norm(k.name).includes(nq) || k.kelurahan.some((l) => norm(l.name).includes(nq)));
    if (hits.length === 1 && hits[0].code !== kecamatan) chooseKecamatan(hits[0].code);
  };

  return (
    <div className="kel-picker">
      <Labelled id={searchId} label={t("place.search")} className="field--tight" labelClassName="field__label--small">
        <input
          id={searchId}
          type="search"
          className="input input--w20"
          value={search}
          onChange={(e) => onSearch(e.target.value)}
          autoComplete="off"
          aria-describedby={`${searchId}-count`}
        />
        <p id={`${searchId}-count`} className="muted kel-picker__count" aria-live="polite">
          {q ? t("place.matches", { count: matching }) : ""}
        </p>
      </Labelled>
      <Field id={kecId} label={t("place.kecamatan")} error={errors.kecamatan} className="field--tight" labelClassName="field__label--small">
        {(describedBy) => (
          <select
            id={kecId}
            name={names.kecamatan}
            className="select"
            value={kecamatan}
            onChange={(e) => chooseKecamatan(e.target.value)}
            aria-describedby={describedBy}
            aria-invalid={errors.kecamatan ? true : undefined}
          >
            <option value="">{t("place.choose")}</option>
            {shown.map((k) => (
              <option key={k.code} value={k.code}>
                {k.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        id={kelId}
        label={t("place.kelurahan")}
        hint={!current && t("place.kecamatanFirst")}
        error={errors.kelurahan}
        className="field--tight"
        labelClassName="field__label--small"
      >
        {(describedBy) => (
          <select
            id={kelId}
            name={names.kelurahan}
            className="select"
            value={kelurahan}
            disabled={!current}
            onChange={(e) => onChange({ kecamatan, kelurahan: e.target.value })}
            aria-describedby={describedBy}
            aria-invalid={errors.kelurahan ? true : undefined}
          >
            <option value="">{emptyLabel ?? t("place.choose")}</option>
            {kelShown.map((l) => (
              <option key={l.code} value={l.code}>
                {l.name}
              </option>
            ))}
          </select>
        )}
      </Field>
    </div>
  );
}
