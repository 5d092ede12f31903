/** Points & attendants tab (Dishub): the registered points with tariffs, the jukir with their card, and the forms to add both. */
import { useCallback, useEffect, useState } from "react";
import { get, post, uploadFile } from "../../api.ts";
import { ErrorSummary, SelectField, SubmitButton, TextField, useForm } from "../../ui/form.tsx";
import { Loading, Notice } from "../../ui/misc.tsx";
import { type ParkingAttendant, type ParkingPoint, rupiah, useParkingT } from "./shared.tsx";

export function PointsTab({ canManage }: { canManage: boolean }) {
  const { t } = useParkingT();
  const [points, setPoints] = useState<ParkingPoint[] | null>(null);
  const [attendants, setAttendants] = useState<ParkingAttendant[]>([]);
  const [saved, setSaved] = useState("");
  const load = useCallback(() => {
    get<{ items: ParkingPoint[] }>("/api/parking/points").then((r) => setPoints(r.items));
    get<{ items: ParkingAttendant[] }>("/api/parking/attendants").then((r) => setAttendants(r.items));
  }, []);
  useEffect(load, [load]);

  const pf = useForm(
    { code: "", name: "", kind: "on_street", capacity: "", mode: "entry", motor: "2000", mobil: "5000" },
    { labels: { code: t("console.code"), name: t("console.name"), capacity: t("console.capacity"), tariffs: t("console.tariffs") } },
  );
  const addPoint = pf.submit(
    () => ({}),
    async (v) => {
      const tariffs = (["motor", "mobil"] as const).filter((k) => Number(v[k]) > 0).map((k) => ({ vehicleType: k, mode: v.mode, amount: Number(v[k]) }));
      await post("/api/parking/points", { code: v.code.toUpperCase(), name: v.name, kind: v.kind, capacity: Number(v.capacity), tariffs });
      setSaved(v.code);
      pf.setValues({ ...v, code: "", name: "", capacity: "" });
      load();
    },
  );
  const af = useForm(
    { name: "", pointId: "", sharePct: "70", email: "" },
    { labels: { name: t("console.name"), pointId: t("console.pointPick"), sharePct: t("console.sharePct"), email: t("console.email") } },
  );
  const addJukir = af.submit(
    () => ({}),
    async (v) => {
      await post("/api/parking/attendants", { name: v.name, pointId: v.pointId, sharePct: Number(v.sharePct), email: v.email || null });
      setSaved(v.name);
      af.setValues({ ...v, name: "", email: "" });
      load();
    },
  );
  if (!points) return <Loading />;
  return (
    <>
      {saved && <Notice title={t("console.saved")}>{saved}</Notice>}
      <div className="table-wrap">
        <table className="table">
          <caption>{t("console.points")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("console.code")}</th>
              <th scope="col">{t("console.name")}</th>
              <th scope="col">{t("console.kind")}</th>
              <th scope="col">{t("console.capacity")}</th>
              <th scope="col">{t("console.tariffs")}</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.id}>
                <th scope="row" className="mono">
                  {p.code}
                </th>
                <td>{p.name}</td>
                <td>{t(`kind.${p.kind}`)}</td>
                <td>{p.capacity}</td>
                <td>{p.tariffs.map((x) => `${t(`vehicle.${x.vehicleType}`)} ${rupiah(x.amount)} ${t(`mode.${x.mode}`)}`).join(" · ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="table-wrap">
        <table className="table">
          <caption>{t("console.attendants")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("console.name")}</th>
              <th scope="col">{t("console.point")}</th>
              <th scope="col">{t("console.sharePct")}</th>
              <th scope="col">{t("console.card")}</th>
              {canManage && <th scope="col">{t("console.photoCol")}</th>}
            </tr>
          </thead>
          <tbody>
            {attendants.map((a) => (
              <tr key={a.id}>
                <th scope="row">{a.name}</th>
                <td>{a.pointCode}</td>
                <td>{a.sharePct} %</td>
                <td>
                  {canManage && (
                    <a href={`/api/parking/attendants/${a.id}/card.pdf`} target="_blank" rel="noreferrer">
                      {t("console.card")}
                    </a>
                  )}{" "}
                  · <a href={`/jukir/${a.cardCode}`}>{t("console.publicPage")}</a>
                </td>
                {canManage && (
                  <td>
                    <input
                      type="file"
                      className="pk-photo-input"
                      accept="image/jpeg,image/png,image/webp"
                      aria-label={t("console.photoUpload", { name: a.name })}
                      onChange={(e) => {
                        const f = e.target.files?.[0];
                        if (f)
                          uploadFile(`/api/parking/attendants/${a.id}/photo`, f).then(
                            () => setSaved(a.name),
                            (err) => af.showProblem(err),
                          );
                      }}
                    />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {canManage && (
        <div className="grid grid--2">
          <form onSubmit={addPoint} noValidate aria-labelledby="pk-add-point">
            <h2 id="pk-add-point">{t("console.addPoint")}</h2>
            <ErrorSummary summary={pf.summary} />
            <TextField id="code" label={t("console.code")} width="10" value={pf.values.code} onChange={pf.set("code")} error={pf.errors.code} />
            <TextField id="name" label={t("console.name")} value={pf.values.name} onChange={pf.set("name")} error={pf.errors.name} />
            <SelectField id="kind" label={t("console.kind")} value={pf.values.kind} onChange={pf.set("kind")}>
              <option value="on_street">{t("kind.on_street")}</option>
              <option value="off_street">{t("kind.off_street")}</option>
            </SelectField>
            <TextField
              id="capacity"
              label={t("console.capacity")}
              type="number"
              inputMode="numeric"
              width="6"
              value={pf.values.capacity}
              onChange={pf.set("capacity")}
              error={pf.errors.capacity}
            />
            <SelectField id="mode" label={t("console.tariffMode")} value={pf.values.mode} onChange={pf.set("mode")}>
              <option value="entry">{t("mode.entry")}</option>
              <option value="hour">{t("mode.hour")}</option>
            </SelectField>
            <TextField
              id="motor"
              label={t("console.motorTariff")}
              type="number"
              inputMode="numeric"
              width="10"
              value={pf.values.motor}
              onChange={pf.set("motor")}
            />
            <TextField
              id="mobil"
              label={t("console.mobilTariff")}
              type="number"
              inputMode="numeric"
              width="10"
              value={pf.values.mobil}
              onChange={pf.set("mobil")}
            />
            <SubmitButton busy={pf.submitting}>{t("console.save")}</SubmitButton>
          </form>
          <form onSubmit={addJukir} noValidate aria-labelledby="pk-add-jukir">
            <h2 id="pk-add-jukir">{t("console.addJukir")}</h2>
            <ErrorSummary summary={af.summary} />
            <TextField id="jname" label={t("console.name")} value={af.values.name} onChange={af.set("name")} error={af.errors.name} />
            <SelectField id="pointId" label={t("console.pointPick")} value={af.values.pointId} onChange={af.set("pointId")} error={af.errors.pointId}>
              <option value="">—</option>
              {points.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.code} · {p.name}
                </option>
              ))}
            </SelectField>
            <TextField
              id="sharePct"
              label={t("console.sharePct")}
              type="number"
              inputMode="decimal"
              width="6"
              value={af.values.sharePct}
              onChange={af.set("sharePct")}
              error={af.errors.sharePct}
            />
            <TextField id="email" label={t("console.email")} type="email" value={af.values.email} onChange={af.set("email")} error={af.errors.email} />
            <SubmitButton busy={af.submitting}>{t("console.save")}</SubmitButton>
          </form>
        </div>
      )}
    </>
  );
}
