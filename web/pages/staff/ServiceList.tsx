import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "wouter";
import { get, type schemas } from "../../api.ts";
import { useSession } from "../../session.tsx";
import { ErrorSummary, useForm, Labelled } from "../../ui/form.tsx";
import { DataTable } from "../../ui/DataTable.tsx";
import { Loading, PageTitle } from "../../ui/misc.tsx";
import { StatusTag } from "../../ui/StatusTag.tsx";
import "./staff.css";

type Row = schemas["EditableService"];

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
      <Labelled id="svc-q" label={t("staffCases.editor.search")}>
        <input id="svc-q" type="search" className="input input--w20" value={q} onChange={(e) => setQ(e.target.value)} />
      </Labelled>
      {!rows ? (
        <Loading />
      ) : (
        <DataTable
          caption={t("staffCases.editor.listTitle")}
          rows={shown}
          rowKey={(r) => r.key}
          columns={[
            { key: "name", header: t("staffCases.editor.name"), cell: (r) => <Link href={`/konsol/layanan/${r.key}`}>{r.name_id}</Link> },
            { key: "key", header: t("staffCases.editor.key"), cellClassName: "mono", cell: (r) => r.key },
            { key: "unit", header: t("staffCases.editor.unit"), cellClassName: "mono", cell: (r) => r.unit_code },
            { key: "version", header: t("staffCases.editor.version"), className: "num", cell: (r) => r.current_version ?? "—" },
            { key: "latest", header: t("staffCases.editor.latest"), className: "num", cell: (r) => r.latest },
            {
              key: "status",
              header: t("staffCases.editor.status"),
              cell: (r) => (
                <StatusTag tone={r.latest_status === "draft" ? "orange" : "green"}>
                  {r.latest_status === "draft" ? t("staffCases.editor.draft") : t("staffCases.editor.published")}
                </StatusTag>
              ),
            },
          ]}
        />
      )}
    </>
  );
}
