import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useSearch } from "wouter";
import { post, ProblemError } from "../../api.ts";
import { useSession } from "../../session.tsx";
import { BackLink, EmptyState, Loading, PageTitle, SummaryList } from "../../ui/misc.tsx";
import { NationalSystemNotice, RetiredNotice, takesApplications } from "./ServiceNotices.tsx";
import { rupiah, type ServiceSpec, type ServiceSummary, type L, useData, useLoc } from "./shared.tsx";
import { Section } from "../../ui/Section.tsx";
import { SubmitButton } from "../../ui/buttons.tsx";

interface Taxa {
  categories: { key: string; name: L; services: number }[];
  lifeEvents: { key: string; name: L; services: number }[];
  units: { code: string; name: string; services: number }[];
}

const FILTERS = ["category", "lifeEvent", "unit"] as const;

/** /layanan — search and browse the service catalog. */
export function Catalog() {
  const { t } = useTranslation("citizen");
  const loc = useLoc();
  const { session } = useSession();
  const search = useSearch();
  const [, navigate] = useLocation();
  const params = new URLSearchParams(search);
  const q = params.get("q") ?? "";
  const [text, setText] = useState(q);
  const taxa = useData<Taxa>("/api/catalog/taxa");
  const api = new URLSearchParams();
  for (const k of ["q", ...FILTERS]) if (params.get(k)) api.set(k, params.get(k)!);
  api.set("limit", "100");
  const filtered = FILTERS.some((k) => params.get(k)) || q;
  const list = useData<ServiceSummary[]>(filtered ? `/api/catalog/services?${api}` : null);

  const go = (next: Record<string, string>) => {
    const p = new URLSearchParams(next);
    navigate(`/layanan${p.size ? `?${p}` : ""}`);
  };
  const onSearch = (e: FormEvent) => {
    e.preventDefault();
    go(text.trim() ? { q: text.trim() } : {});
  };

  const activeLabel = (() => {
    const c = params.get("category");
    const l = params.get("lifeEvent");
    const u = params.get("unit");
    if (c) return loc(taxa.data?.categories.find((x) => x.key === c)?.name) || c;
    if (l) return loc(taxa.data?.lifeEvents.find((x) => x.key === l)?.name) || l;
    if (u) return taxa.data?.units.find((x) => x.code === u)?.name ?? u;
    return null;
  })();

  return (
    <>
      <PageTitle>{t("catalog.title")}</PageTitle>
      <p className="lead">{t("catalog.lead", { city: session?.tenant.name ?? "" })}</p>
      <search>
        <form className="search-form" onSubmit={onSearch}>
          <label className="field__label" htmlFor="catalog-q">
            {t("catalog.searchLabel")}
          </label>
          <div className="field__hint" id="catalog-q-hint">
            {t("catalog.searchHint")}
          </div>
          <div className="search-form__row">
            <input
              id="catalog-q"
              name="q"
              type="search"
              className="input input--w20"
              aria-describedby="catalog-q-hint"
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
            <SubmitButton>{t("catalog.search")}</SubmitButton>
          </div>
        </form>
      </search>

      {filtered ? (
        <Section titleId="results-title" title={q ? t("catalog.resultsFor", { q }) : activeLabel} titleClassName="h">
          <p>
            <Link
              href="/layanan"
              onClick={() => {
                setText("");
              }}
            >
              {t("catalog.clear")}
            </Link>
          </p>
          {list.error ? (
            <p>{list.error.title}</p>
          ) : !list.data ? (
            <Loading />
          ) : list.data.length === 0 ? (
            <EmptyState title={t("catalog.noResults")}>
              <p>{t("catalog.noResultsHint")}</p>
            </EmptyState>
          ) : (
            <>
              <p role="status">{t("catalog.count", { count: list.data.length })}</p>
              <ul className="service-list">
                {list.data.map((s) => (
                  <ServiceItem key={s.key} s={s} />
                ))}
              </ul>
            </>
          )}
        </Section>
      ) : !taxa.data ? (
        taxa.error ? (
          <p>{taxa.error.title}</p>
        ) : (
          <Loading />
        )
      ) : (
        <>
          <BrowseList id="by-life" title={t("catalog.byLifeEvent")} param="lifeEvent" items={taxa.data.lifeEvents.map((x) => ({ ...x, name: loc(x.name) }))} />
          <BrowseList id="by-cat" title={t("catalog.byCategory")} param="category" items={taxa.data.categories.map((x) => ({ ...x, name: loc(x.name) }))} />
          <BrowseList id="by-unit" title={t("catalog.byUnit")} param="unit" items={taxa.data.units.map((x) => ({ ...x, key: x.code }))} />
        </>
      )}
    </>
  );
}

/** One way to browse the catalog (life events, categories, units): links to the filtered list with their counts. */
function BrowseList({ id, title, param, items }: { id: string; title: string; param: string; items: { key: string; name: string; services: number }[] }) {
  return (
    <Section titleId={id} title={title} titleClassName="h">
      <ul className="browse-list">
        {items.map((x) => (
          <li key={x.key}>
            <Link href={`/layanan?${param}=${encodeURIComponent(x.key)}`}>{x.name}</Link> <span className="muted">({x.services})</span>
          </li>
        ))}
      </ul>
    </Section>
  );
}

function Fee({ amount }: { amount: number }) {
  const { t } = useTranslation("citizen");
  return <>{amount > 0 ? rupiah(amount) : t("service.free")}</>;
}

function ChannelTag({ channel }: { channel: string }) {
  const { t } = useTranslation("citizen");
  return <strong className={`tag ${channel === "offline" ? "tag--grey" : "tag--green"}`}>{t(`channel.${channel}`)}</strong>;
}

function ServiceItem({ s }: { s: ServiceSummary }) {
  const { t } = useTranslation("citizen");
  const loc = useLoc();
  return (
    <li className="service-item">
      <h3 className="service-item__title">
        <Link href={`/layanan/${s.key}`}>{loc(s.name)}</Link>
      </h3>
      <p className="service-item__summary">{loc(s.summary)}</p>
      <p className="service-item__meta">
        <ChannelTag channel={s.channel} /> <span>{s.servedBy === "kelurahan" ? t("service.servedByKelurahan") : s.unit.name}</span> ·{" "}
        <span>
          <Fee amount={s.fee} />
        </span>{" "}
        · <span>{t("service.sla", { count: s.slaDays })}</span>
      </p>
    </li>
  );
}

/** /layanan/:key — the service start page. */
export function ServicePage({ params }: { params: { key: string } }) {
  const { t } = useTranslation("citizen");
  const loc = useLoc();
  const { session } = useSession();
  const [, navigate] = useLocation();
  const { data: s, error } = useData<ServiceSpec>(`/api/catalog/services/${encodeURIComponent(params.key)}`);
  const [busy, setBusy] = useState(false);
  const [startError, setStartError] = useState<string | null>(null);

  if (error) {
    return (
      <>
        <PageTitle>{error.status === 404 ? t("service.notFound") : t("common.error")}</PageTitle>
        <p>{error.status === 404 ? t("service.notFoundBody") : error.title}</p>
        <p>
          <Link href="/layanan">{t("common.backToCatalog")}</Link>
        </p>
      </>
    );
  }
  if (!s) return <Loading />;

  const online = s.channel !== "offline" && s.channel !== "command" && !s.externalUrl && takesApplications(s);
  const start = async () => {
    if (busy) return;
    const user = session?.user;
    if (!user) {
      navigate(`/masuk?next=${encodeURIComponent(`/layanan/${s.key}`)}`);
      return;
    }
    setBusy(true);
    setStartError(null);
    try {
      const c = await post<{ id: string }>("/api/cases", { service: s.key, resume: true });
      navigate(`/permohonan/${c.id}`);
    } catch (e) {
      setStartError(e instanceof ProblemError ? e.title : String(e));
      setBusy(false);
    }
  };

  return (
    <>
      <BackLink href="/layanan">{t("common.backToCatalog")}</BackLink>
      <PageTitle caption={s.servedBy === "kelurahan" ? t("service.servedByKelurahan") : s.unit.name}>{loc(s.name)}</PageTitle>
      <p className="lead">{loc(s.summary)}</p>
      <RetiredNotice s={s} />
      <NationalSystemNotice s={s} />
      <SummaryList
        rows={[
          [t("service.servedBy"), s.servedBy === "kelurahan" ? t("service.servedByKelurahanLong") : s.unit.name],
          [
            t("service.fee"),
            <>
              {s.fee.variable && s.fee.amount === 0 ? t("service.variableFee") : <Fee amount={s.fee.amount} />}
              {s.fee.basis ? ` (${loc(s.fee.basis)})` : ""}
            </>,
          ],
          [t("service.time"), t("service.sla", { count: s.slaDays })],
          [
            t("service.channel"),
            <>
              <ChannelTag channel={s.channel} />
              {s.counter ? ` ${loc(s.counter)}` : ""}
            </>,
          ],
        ]}
      />

      {s.status !== "retired" && s.requirements.length > 0 && (
        <>
          <h2 className="h">{t("service.requirements")}</h2>
          <ul className="list">
            {s.requirements.map((r) => (
              <li key={r.id}>
                {loc(r)}
                {r.optional ? ` ${t("service.optional")}` : ""}
              </li>
            ))}
          </ul>
        </>
      )}
      {s.status !== "retired" && s.steps.length > 0 && (
        <>
          <h2 className="h">{t("service.steps")}</h2>
          <ol className="steps">
            {s.steps.map((st) => (
              <li key={st.id}>{loc(st)}</li>
            ))}
          </ol>
        </>
      )}

      <h2 className="h">{t("service.apply")}</h2>
      {online ? (
        <>
          {startError && (
            <div className="error-summary" role="alert">
              <p className="error-summary__detail">{startError}</p>
            </div>
          )}
          {!session?.user && <p>{t("service.loginFirst")}</p>}
          <button type="button" className="button button--start" onClick={start} aria-disabled={busy || undefined}>
            {t("service.start")}
          </button>
        </>
      ) : s.channel === "command" ? (
        <div className="panel">
          <p>
            <a href="tel:112" className="button button--start">
              {t("service.call112")}
            </a>
          </p>
          <p>
            <Link href="/darurat">{t("service.darurat")}</Link>
          </p>
        </div>
      ) : s.status === "retired" ? (
        <p>{t("service.retiredNoApply")}</p>
      ) : s.externalUrl || s.nationalSystem ? (
        <p>
          <a href={s.nationalSystem?.url ?? s.externalUrl} className="button button--start" rel="noopener noreferrer">
            {s.nationalSystem ? t("service.nationalOpen", { system: s.nationalSystem.system }) : t("service.external")}
          </a>
        </p>
      ) : (
        <div className="panel">
          <p>
            <strong>{t("service.offline")}</strong>
          </p>
          <p>{s.counter ? loc(s.counter) : s.unit.name}</p>
        </div>
      )}

      {s.legalBasis.length > 0 && (
        <>
          <h2 className="h">{t("service.legalBasis")}</h2>
          <ul className="list">
            {s.legalBasis.map((b) => (
              <li key={b}>{b}</li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
