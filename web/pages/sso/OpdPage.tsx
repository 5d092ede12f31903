/** /opd/:code — an OPD's public front door: services, contacts, hours, location, verified social accounts, apps. */
import { useTranslation } from "react-i18next";
import { Link } from "wouter";
import { formatDate, Loading, Notice, PageTitle } from "../../ui/misc.tsx";
import { useData, useLoc } from "../citizen/shared.tsx";
import { type OpdPublic, useSsoT } from "./shared.tsx";
import { Section } from "../../ui/Section.tsx";

export default function OpdPage({ code }: { code: string }) {
  const { t } = useSsoT();
  const { i18n } = useTranslation();
  const loc = useLoc();
  const { data, error } = useData<OpdPublic>(`/api/opd/${encodeURIComponent(code)}`);
  if (error) return <Notice kind="warning">{t("opdNotFound")}</Notice>;
  if (!data) return <Loading />;
  const contact = [data.address, data.phone, data.email].filter(Boolean);
  return (
    <div className="opd-page" lang={i18n.language}>
      <PageTitle caption={data.code}>{data.name}</PageTitle>
      {data.about && <p className="lead">{data.about}</p>}
      <Section titleId="opd-services" title={t("opdServices")}>
        {data.services.length ? (
          <ul>
            {data.services.map((s) => (
              <li key={s.key}>
                <Link href={`/layanan/${s.key}`}>{loc(s.name)}</Link>
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("opdNoServices")}</p>
        )}
      </Section>
      {(contact.length > 0 || data.website) && (
        <Section titleId="opd-contact" title={t("opdContact")}>
          <address>
            {data.address && <div>{data.address}</div>}
            {data.phone && (
              <div>
                <a href={`tel:${data.phone.replace(/[^\d+]/g, "")}`}>{data.phone}</a>
              </div>
            )}
            {data.email && (
              <div>
                <a href={`mailto:${data.email}`}>{data.email}</a>
              </div>
            )}
            {data.website && (
              <div>
                <a href={data.website}>{data.website.replace(/^https?:\/\//, "")}</a>
              </div>
            )}
          </address>
        </Section>
      )}
      {data.hours.length > 0 && (
        <Section titleId="opd-hours" title={t("opdHours")}>
          <dl className="opd-hours">
            {data.hours.map((h) => (
              <div key={h.days}>
                <dt>{h.days}</dt>
                <dd>{h.time}</dd>
              </div>
            ))}
          </dl>
        </Section>
      )}
      {data.location && (
        <Section titleId="opd-location" title={t("opdLocation")}>
          <p>
            <a href={`https://www.openstreetmap.org/?mlat=${data.location.lat}&mlon=${data.location.lon}#map=18/${data.location.lat}/${data.location.lon}`}>
              {t("opdMap")}
            </a>
          </p>
        </Section>
      )}
      <Section titleId="opd-social" title={t("opdSocial")}>
        {data.social.length ? (
          <ul>
            {data.social.map((s) => (
              <li key={s.url}>
                <a href={s.url} rel="noopener">
                  {s.platform}: {s.handle}
                </a>
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("opdGuideSocial")}</p>
        )}
      </Section>
      <Section titleId="opd-apps" title={t("opdApps")}>
        {data.apps.length ? (
          <ul>
            {data.apps.map((a) => (
              <li key={a.key}>{a.url ? <a href={a.url}>{a.name}</a> : a.name}</li>
            ))}
          </ul>
        ) : (
          <p>{t("opdGuideApps")}</p>
        )}
      </Section>
      {data.publishedAt && <p className="field__hint">{t("opdUpdated", { date: formatDate(data.publishedAt) })}</p>}
    </div>
  );
}
