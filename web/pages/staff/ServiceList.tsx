import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "wouter";
import { get } from "../../api.ts";
import { useSession } from "../../session.tsx";
import { ErrorSummary, useForm } from "../../ui/form.tsx";
import { Loading, PageTitle } from "../../ui/misc.tsx";
import "./staff.css";

interface Row {
  key: string;
  name_id: string;
  prefix: string;
  kind: string;
  current_version: number | null;
  unit_code: string;
  latest: number;
  latest_status: string;
}

/** /konsol/layanan — services this user may edit. */
export default function ServiceList() {
  const { t } = useTranslation();
  const { session } = useSession();
  const [rows, setRows] = useState<Row[] | null>(null);
  const [q, setQ] = useState("");
  const page = useForm({}, {});
  const { showProblem } = page;
  useEffect(() => {
    get<Row[]>("/api/admin/catalog/services")
      .then(setRows)
      .catch((err) => {
        setRows([]);
        showProblem(err);
      });
  }, [showProblem]);
  const needle = q.trim().toLowerCase();
  const shown = (rows ?? []).filter((r) => !needle || `${r.key} ${r.name_id} ${r.unit_code} ${r.prefix}`.toLowerCase().includes(needle));

  return (
    <>
      <ErrorSummary summary={page.summary} />
      <PageTitle caption={session?.tenant.name}>{t("staffCases.editor.listTitle")}</PageTitle>
      <div className="field">
        <label className="field__label" htmlFor="svc-q">
          {t("staffCases.editor.search")}
        </label>
        <input id="svc-q" type="search" className="input input--w20" value={q} onChange={(e) => setQ(e.target.value)} />
      </div>
      {!rows ? (
        <Loading />
      ) : (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1)
        <section className="table-wrap" tabIndex={0} aria-label={t("staffCases.editor.listTitle")}>
          <table className="table table--dense">
            <caption className="visually-hidden">{t("staffCases.editor.listTitle")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("staffCases.editor.name")}</th>
                <th scope="col">{t("staffCases.editor.key")}</th>
                <th scope="col">{t("staffCases.editor.unit")}</th>
                <th scope="col" className="num">
                  {t("staffCases.editor.version")}
                </th>
                <th scope="col" className="num">
                  {t("staffCases.editor.latest")}
                </th>
                <th scope="col">{t("staffCases.editor.status")}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((r) => (
                <tr key={r.key}>
                  <td>
                    <Link href={`/konsol/layanan/${r.key}`}>{r.name_id}</Link>
                  </td>
                  <td className="mono">{r.key}</td>
                  <td className="mono">{r.unit_code}</td>
                  <td className="num">{r.current_version ?? "—"}</td>
                  <td className="num">{r.latest}</td>
                  <td>
                    <span className={`tag ${r.latest_status === "draft" ? "tag--orange" : "tag--green"}`}>
                      {r.latest_status === "draft" ? t("staffCases.editor.draft") : t("staffCases.editor.published")}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </>
  );
}
