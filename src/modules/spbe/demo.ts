/**
 * Demo SPBE evaluations for Kota Palembang: last year's (answered and reviewed, for the year-on-year comparison)
 * and this year's, with indicators assigned to Diskominfo, BPKAD and Disdukcapil and a few answered.
 */
import type { Db } from "../../platform/db.ts";
import { findUserByIdentifier } from "../accounts/index.ts";
import { answerIndicator, assignIndicators, createAssessment, reviewAnswer, type SpbeCtx } from "./assess.ts";
import { frameworks } from "./framework.ts";
import * as store from "./store.ts";

const OWNER: Record<string, string> = { D1: "DISKOMINFO", D2: "DISKOMINFO", D3: "DISKOMINFO", D4: "BPKAD" };

export async function seedDemoSpbe(db: Db, tenantId: string, year: number) {
  if ((await store.assessments(db, tenantId)).length) return;
  const admin = await findUserByIdentifier(db, tenantId, { kind: "email", value: "admin@palembang.go.id" });
  const ctx: SpbeCtx = { tenantId, actorId: admin?.id ?? null, locale: "id" };
  const fw = frameworks().get("spbe-2020");
  if (!fw) return;
  const units = new Set(["DISKOMINFO", "BPKAD", "DISDUKCAPIL"]);
  const assignments = fw.indicators.map((i) => ({ indicator: i.code, unitCode: i.aspect === "A8" ? "DISDUKCAPIL" : (OWNER[i.domain ?? ""] ?? "DISKOMINFO") }));
  const last = await createAssessment(db, ctx, "spbe-2020", year - 1);
  await assignIndicators(db, ctx, last.id, assignments, units);
  for (const [n, i] of fw.indicators.entries()) {
    const level = 2 + (n % 3); // 2, 3, 4, …
    await answerIndicator(db, ctx, last.id, i.code, { level, explanation: "Evaluasi mandiri tahun lalu." }, () => true);
    await reviewAnswer(db, ctx, last.id, i.code, { decision: "accept", level: Math.max(1, level - (n % 5 === 0 ? 1 : 0)) });
  }
  const now = await createAssessment(db, ctx, "spbe-2020", year);
  await assignIndicators(db, ctx, now.id, assignments, units);
  for (const i of fw.indicators.slice(0, 12)) {
    await answerIndicator(
      db,
      ctx,
      now.id,
      i.code,
      { level: 3, explanation: "Kebijakan sudah ditetapkan dengan Peraturan Wali Kota dan diterapkan di seluruh OPD." },
      () => true,
    );
  }
}
