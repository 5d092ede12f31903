/** /jukir/:card — public "jukir resmi" page the ID card's QR opens: name, point, official tariffs, report link. */
import { useEffect, useState } from "react";
import { get, ProblemError } from "../../api.ts";
import { DataTable } from "../../ui/DataTable.tsx";
import { Loading, PageTitle } from "../../ui/misc.tsx";
import { type OfficialAttendant, rupiah, useParkingT } from "./shared.tsx";

const REPORT = "/lapor?kategori=lapor-parkir-liar";

export default function OfficialPage({ params }: { params: { card: string } }) {
  const { t } = useParkingT();
  const [data, setData] = useState<OfficialAttendant | null>(null);
  const [missing, setMissing] = useState(false);
  useEffect(() => {
    get<OfficialAttendant>(`/api/public/parking/jukir/${encodeURIComponent(params.card)}`).then(setData, (e) => {
      if (e instanceof ProblemError && (e.status === 404 || e.status === 400)) setMissing(true);
      else setMissing(true);
    });
  }, [params.card]);
  if (missing)
    return (
      <>
        <PageTitle>{t("official.title")}</PageTitle>
        <div className="pk-official pk-official--bad">
          <p>{t("official.unknown")}</p>
        </div>
        <p>
          <a className="button button--warning" href={REPORT}>
            {t("official.reportUnknown")}
          </a>
        </p>
      </>
    );
  if (!data) return <Loading />;
  return (
    <>
      <PageTitle caption={data.point.code}>{data.official ? t("official.title") : t("official.notOfficial")}</PageTitle>
      <div className={`pk-official${data.official ? "" : " pk-official--bad"}`}>
        {data.hasPhoto && (
          <img
            className="pk-photo"
            src={`/api/public/parking/jukir/${encodeURIComponent(data.cardCode)}/photo`}
            alt={t("official.photo", { name: data.name })}
            width={160}
            height={160}
          />
        )}
        <p className="pk-pay__amount">{data.name}</p>
        <p>{t("official.lead", { name: data.name })}</p>
      </div>
      <h2>{t("official.point")}</h2>
      <p>
        {data.point.name}
        {data.point.address ? ` — ${data.point.address}` : ""} ({t(`kind.${data.point.kind}`)})
      </p>
      <h2>{t("official.tariffs")}</h2>
      <DataTable
        className="table pk-tariffs"
        wrap="none"
        rows={data.tariffs}
        rowKey={(x) => x.vehicleType}
        columns={[
          { key: "vehicle", header: t("official.vehicle"), cell: (x) => t(`vehicle.${x.vehicleType}`) },
          { key: "tariff", header: t("official.tariff"), cell: (x) => `${rupiah(x.amount)} ${t(`mode.${x.mode}`)}` },
        ]}
      />
      <p>{t("official.payQris")}</p>
      <p>
        <a className="button button--warning" href={`/lapor?kategori=${encodeURIComponent(data.reportCategory)}`}>
          {t("official.report")}
        </a>
      </p>
    </>
  );
}
