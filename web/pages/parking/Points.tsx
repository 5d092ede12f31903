/** Points & attendants tab (Dishub): the registered points with tariffs, the jukir with their card, and the forms to add both. */
import { useCallback, useEffect, useState } from "react";
import { get, post, uploadFile } from "../../api.ts";
import { ErrorSummary, SelectField, SubmitButton, TextField, useForm } from "../../ui/form.tsx";
import { type Column, DataTable } from "../../ui/DataTable.tsx";
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
  const pointColumns: Column<ParkingPoint>[] = [
    { key: "code", header: t("console.code"), rowHeader: true, className: "mono", cell: (p) => p.code },
    { key: "name", header: t("console.name"), cell: (p) => p.name },
    { key: "kind", header: t("console.kind"), cell: (p) => t(`kind.${p.kind}`) },
    { key: "capacity", header: t("console.capacity"), cell: (p) => p.capacity },
    {
      key: "tariffs",
      header: t("console.tariffs"),
      cell: (p) => p.tariffs.map((x) => `${t(`vehicle.${x.vehicleType}`)} ${rupiah(x.amount)} ${t(`mode.${x.mode}`)}`).join(" · "),
    },
  ];
  const jukirColumns: Column<ParkingAttendant>[] = [
    { key: "name", header: t("console.name"), rowHeader: true, cell: (a) => a.name },
    { key: "point", header: t("console.point"), cell: (a) => a.pointCode },
    { key: "share", header: t("console.sharePct"), cell: (a) => `${a.sharePct} %` },
    { key: "card", header: t("console.card"), cell: (a) => <AttendantLinks attendant={a} canManage={canManage} /> },
  ];
  if (canManage)
    jukirColumns.push({ key: "photo", header: t("console.photoCol"), cell: (a) => <PhotoInput attendant={a} onSaved={setSaved} onProblem={af.showProblem} /> });
  if (!points) return <Loading />;
  return (
    <>
      {saved && <Notice title={t("console.saved")}>{saved}</Notice>}
      <DataTable className="table" wrap="div" captionVisible caption={t("console.points")} rows={points} rowKey={(p) => p.id} columns={pointColumns} />
      <DataTable className="table" wrap="div" captionVisible caption={t("console.attendants")} rows={attendants} rowKey={(a) => a.id} columns={jukirColumns} />
      {canManage && (
        <div className="grid grid--2">
          <form onSubmit={addPoint} noValidate aria-labelledby="pk-add-point">
            <h2 id="pk-add-point">{t("console.addPoint")}</h2>
            <ErrorSummary summary={pf.summary} />
            <TextField id="code" label={t("console.code")} width="10" {...pf.bind("code")} />
            <TextField id="name" label={t("console.name")} {...pf.bind("name")} />
            <SelectField id="kind" label={t("console.kind")} {...pf.bind("kind")}>
              <option value="on_street">{t("kind.on_street")}</option>
              <option value="off_street">{t("kind.off_street")}</option>
            </SelectField>
            <TextField id="capacity" label={t("console.capacity")} type="number" inputMode="numeric" width="6" {...pf.bind("capacity")} />
            <SelectField id="mode" label={t("console.tariffMode")} {...pf.bind("mode")}>
              <option value="entry">{t("mode.entry")}</option>
              <option value="hour">{t("mode.hour")}</option>
            </SelectField>
            <TextField id="motor" label={t("console.motorTariff")} type="number" inputMode="numeric" width="10" {...pf.bind("motor")} />
            <TextField id="mobil" label={t("console.mobilTariff")} type="number" inputMode="numeric" width="10" {...pf.bind("mobil")} />
            <SubmitButton busy={pf.submitting}>{t("console.save")}</SubmitButton>
          </form>
          <form onSubmit={addJukir} noValidate aria-labelledby="pk-add-jukir">
            <h2 id="pk-add-jukir">{t("console.addJukir")}</h2>
            <ErrorSummary summary={af.summary} />
            <TextField id="jname" label={t("console.name")} {...af.bind("name")} />
            <SelectField
              id="pointId"
              label={t("console.pointPick")}
              {...af.bind("pointId")}
              blank="—"
              options={points.map((p) => ({ value: p.id, label: `${p.code} · ${p.name}` }))}
            />
            <TextField id="sharePct" label={t("console.sharePct")} type="number" inputMode="decimal" width="6" {...af.bind("sharePct")} />
            <TextField id="email" label={t("console.email")} type="email" {...af.bind("email")} />
            <SubmitButton busy={af.submitting}>{t("console.save")}</SubmitButton>
          </form>
        </div>
      )}
    </>
  );
}

function AttendantLinks({ attendant: a, canManage }: { attendant: ParkingAttendant; canManage: boolean }) {
  const { t } = useParkingT();
  return (
    <>
      {canManage && (
        <a href={`/api/parking/attendants/${a.id}/card.pdf`} target="_blank" rel="noreferrer">
          {t("console.card")}
        </a>
      )}{" "}
      · <a href={`/jukir/${a.cardCode}`}>{t("console.publicPage")}</a>
    </>
  );
}

function PhotoInput({ attendant: a, onSaved, onProblem }: { attendant: ParkingAttendant; onSaved: (name: string) => void; onProblem: (err: unknown) => void }) {
  const { t } = useParkingT();
  return (
    <input
      type="file"
      className="pk-photo-input"
      accept="image/jpeg,image/png,image/webp"
      aria-label={t("console.photoUpload", { name: a.name })}
      onChange={(e) => {
        const f = e.target.files?.[0];
        if (f) uploadFile(`/api/parking/attendants/${a.id}/photo`, f).then(() => onSaved(a.name), onProblem);
      }}
    />
  );
}
