/** Demo e-Office data: incoming letters at Dinas Perdagangan, one already disposed by its head. */
import { audit } from "../../platform/audit.ts";
import type { Db } from "../../platform/db.ts";
import { localDate } from "../../platform/workdays.ts";
import * as store from "./store.ts";
import * as refs from "./refs.ts";

export async function seedDemoEoffice(db: Db, tenantId: string) {
  await db.tx(async (q) => {
    const unit = await refs.unitByCode(q, tenantId, "DISDAG");
    const sek = await refs.userByEmail(q, tenantId, "sekretariat.disdag@palembang.go.id");
    const head = await refs.userByEmail(q, tenantId, "kepala.disdag@palembang.go.id");
    const staff = await refs.userByEmail(q, tenantId, "operator.disdag@palembang.go.id");
    if (!unit || !sek || !head || !staff) return;
    const today = localDate(new Date(), "Asia/Jakarta");
    const year = Number(today.slice(0, 4));
    const letters = [
      {
        number: "500.2/118/BPS-SS/2026",
        subject: "Permintaan data harga bahan pokok triwulan III",
        sender: "BPS Provinsi Sumatera Selatan",
        code: "500.2",
        conf: "biasa",
        urg: "segera",
      },
      {
        number: "005/77/DPRD/2026",
        subject: "Undangan rapat dengar pendapat Komisi II tentang pasar tradisional",
        sender: "Sekretariat DPRD Kota Palembang",
        code: "000.1.2",
        conf: "biasa",
        urg: "sangat_segera",
      },
      {
        number: "700/15/INSP/2026",
        subject: "Pemberitahuan audit kinerja pengelolaan pasar",
        sender: "Inspektorat Kota Palembang",
        code: "700",
        conf: "rahasia",
        urg: "biasa",
      },
    ];
    const ids: string[] = [];
    for (const l of letters) {
      const agenda = await store.nextSeq(q, tenantId, `agenda|${unit.id}`, year);
      const id = await store.insertLetter(q, {
        tenantId,
        unitId: unit.id,
        direction: "incoming",
        kind: "surat",
        status: "registered",
        agendaNumber: agenda,
        number: l.number,
        subject: l.subject,
        sender: l.sender,
        recipient: "",
        letterDate: today,
        receivedOn: today,
        classificationCode: l.code,
        confidentiality: l.conf,
        urgency: l.urg,
        createdBy: sek.id,
      });
      ids.push(id);
      await audit(q, { tenantId, actorId: sek.id, action: "eoffice.letter-registered", subjectType: "eoffice_letter", subjectId: id, data: { demo: true } });
    }
    const d = await store.insertDisposition(q, {
      tenantId,
      letterId: ids[0],
      parentId: null,
      unitId: unit.id,
      fromUserId: head.id,
      toUserId: staff.id,
      instruction: "Siapkan data harga 3 bulan terakhir dan kirim ke BPS.",
      dueOn: null,
      delegation: null,
    });
    await store.setLetterStatus(q, tenantId, ids[0], ["registered"], "disposed");
    await audit(q, {
      tenantId,
      actorId: head.id,
      action: "eoffice.disposition-created",
      subjectType: "eoffice_disposition",
      subjectId: d,
      data: { demo: true },
    });
  });
}
