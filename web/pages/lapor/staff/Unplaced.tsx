/** Kominfo's list of open reports without a kelurahan ("kelurahan belum ditentukan"), on the moderation page. */
import { Link } from "wouter";
import { formatDateTime, Loading } from "../../../ui/misc.tsx";
import { useData } from "../../citizen/shared.tsx";
import { useCategoryName, useLaporT } from "../shared.tsx";
import type { ApiResponse } from "../../../api.ts";
import { Section } from "../../../ui/Section.tsx";

type UnplacedReport = ApiResponse<"/api/lapor/unplaced", "get">["items"][number];

export default function Unplaced() {
  const { t } = useLaporT();
  const catName = useCategoryName();
  const { data, error } = useData<{ items: UnplacedReport[] }>("/api/lapor/unplaced");
  return (
    <Section titleId="unplaced-title" title={t("staff.unplacedTitle")}>
      <p>{t("staff.unplacedLead")}</p>
      {error ? (
        <p className="notice notice--warning">{error.title}</p>
      ) : !data ? (
        <Loading />
      ) : data.items.length === 0 ? (
        <p className="muted">{t("staff.unplacedEmpty")}</p>
      ) : (
        <ul className="mod-list">
          {data.items.map((r) => (
            <li key={r.id} className="card mod-item">
              <p className="card__kicker">
                <span className="mono">{r.number}</span> · {catName(r.category)} · {formatDateTime(r.createdAt)}
              </p>
              <p className="pre-wrap mod-item__text">{r.excerpt}</p>
              {r.address && <p className="muted pre-wrap">{r.address}</p>}
              <Link href={`/konsol/permohonan/${r.id}`}>
                {t("staff.modOpenCase")}
                <span className="visually-hidden"> {r.number}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
