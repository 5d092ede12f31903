/** Markets and commodities: add, edit, activate. */
import { type FormEvent, useState } from "react";
import { post, ProblemError, api } from "../../api.ts";
import { DataTable } from "../../ui/DataTable.tsx";
import { Loading, Notice } from "../../ui/misc.tsx";
import { useData } from "../citizen/shared.tsx";
import { type Commodity, type Market, pick, usePricesT } from "./shared.tsx";
import { choices, Labelled, Options, SubmitButton } from "../../ui/form.tsx";

export function Manage() {
  const { t, i18n } = usePricesT();
  const lang = i18n.language;
  const { data: commodities, reload: reloadC } = useData<Commodity[]>("/api/prices/commodities");
  const { data: markets, reload: reloadM } = useData<Market[]>("/api/prices/markets");
  const [msg, setMsg] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [m, setM] = useState({ code: "", name: "", kind: "traditional", kecamatanCode: "", lat: "", lon: "" });
  if (!commodities || !markets) return <Loading />;
  const fail = (e: unknown) => setError(e instanceof ProblemError ? [e.title, ...e.errors.map((f) => f.message)].join(" — ") : String(e));
  async function saveCommodity(e: FormEvent<HTMLFormElement>, code: string) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const ref = String(f.get("ref") ?? "").replace(/[^\d]/g, "");
    try {
      await api("PATCH", `/api/prices/commodities/${code}`, {
        referencePrice: ref ? Number(ref) : null,
        alertWeekPct: Number(f.get("pct")),
        active: f.get("active") === "on",
      });
      setMsg(`${code}: ${t("console.rowSaved")}`);
      setError(null);
      reloadC();
    } catch (x) {
      fail(x);
    }
  }
  async function addMarket(e: FormEvent) {
    e.preventDefault();
    try {
      await post("/api/prices/markets", {
        code: m.code,
        name: m.name,
        kind: m.kind,
        kecamatanCode: m.kecamatanCode || null,
        lat: m.lat ? Number(m.lat) : null,
        lon: m.lon ? Number(m.lon) : null,
      });
      setM({ code: "", name: "", kind: "traditional", kecamatanCode: "", lat: "", lon: "" });
      setMsg(`${m.name}: ${t("console.rowSaved")}`);
      setError(null);
      reloadM();
    } catch (x) {
      fail(x);
    }
  }
  const field = (k: keyof typeof m, label: string, extra: Record<string, string> = {}) => (
    <Labelled id={`km-${k}`} label={label}>
      <input id={`km-${k}`} className="input" value={m[k]} onChange={(e) => setM({ ...m, [k]: e.target.value })} {...extra} />
    </Labelled>
  );
  return (
    <>
      {msg && <Notice>{msg}</Notice>}
      {error && (
        <div className="error-summary" role="alert">
          <p>{error}</p>
        </div>
      )}
      <h2>{t("console.commodities")}</h2>
      <ul className="price-grid">
        {commodities.map((c) => (
          <li key={c.code} className="price-grid__row" style={{ gridTemplateColumns: "1fr" }}>
            <form onSubmit={(e) => saveCommodity(e, c.code)} className="price-filters" aria-label={pick(c.name, lang)}>
              <span className="price-grid__name" style={{ flex: "1 1 12rem" }}>
                {pick(c.name, lang)} <span className="muted">(Rp/{c.unit})</span>
              </span>
              <div className="field">
                <label className="field__label field__label--small" htmlFor={`ref-${c.code}`}>
                  {t("console.reference")}
                </label>
                <input id={`ref-${c.code}`} name="ref" className="input input--w10" inputMode="numeric" defaultValue={c.referencePrice ?? ""} />
              </div>
              <div className="field">
                <label className="field__label field__label--small" htmlFor={`pct-${c.code}`}>
                  {t("col.alertPct")}
                </label>
                <input id={`pct-${c.code}`} name="pct" className="input input--w6" inputMode="decimal" defaultValue={c.alertWeekPct} />
              </div>
              <div className="radio">
                <input type="checkbox" id={`act-${c.code}`} name="active" defaultChecked={c.active} />
                <label htmlFor={`act-${c.code}`}>{t("console.active")}</label>
              </div>
              <button type="submit" className="button button--secondary button--small">
                {t("console.saveRow")}
                <span className="visually-hidden"> {pick(c.name, lang)}</span>
              </button>
            </form>
          </li>
        ))}
      </ul>
      <h2>{t("console.markets")}</h2>
      <DataTable
        caption={t("console.markets")}
        className="table table--cards price-table"
        wrap="div"
        cellLabels
        rows={markets}
        rowKey={(x) => x.code}
        csv={{ filename: "pasar.csv" }}
        columns={[
          { key: "name", header: t("col.name"), rowHeader: true, value: (x) => x.name, sort: true, cell: (x) => x.name },
          { key: "code", header: t("col.code"), value: (x) => x.code, sort: true, cell: (x) => <span className="mono">{x.code}</span> },
          { key: "kind", header: t("col.kind"), value: (x) => t(`kinds.${x.kind}`), sort: true, cell: (x) => t(`kinds.${x.kind}`) },
          {
            key: "kecamatan",
            header: t("col.kecamatan"),
            value: (x) => x.kecamatanName ?? x.kecamatanCode,
            sort: true,
            cell: (x) => x.kecamatanName ?? x.kecamatanCode ?? "—",
          },
        ]}
      />
      <h3>{t("console.addMarket")}</h3>
      <form onSubmit={addMarket} className="form-grid">
        {field("code", t("col.code"))}
        {field("name", t("col.name"))}
        <Labelled id="km-kind" label={t("col.kind")}>
          <select id="km-kind" className="select" value={m.kind} onChange={(e) => setM({ ...m, kind: e.target.value })}>
            <Options options={choices(["traditional", "modern", "wholesale", "producer"], (k) => t(`kinds.${k}`))} />
          </select>
        </Labelled>
        {field("kecamatanCode", t("col.kecamatan"), { placeholder: "16.71.05" })}
        {field("lat", t("console.lat"), { inputMode: "decimal" })}
        {field("lon", t("console.lon"), { inputMode: "decimal" })}
        <div className="button-group">
          <SubmitButton>{t("console.addMarket")}</SubmitButton>
        </div>
      </form>
    </>
  );
}
