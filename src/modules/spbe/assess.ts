/**
 * The self-assessment's use cases: Kominfo opens an assessment of a framework for a year and assigns indicators to
 * OPDs; an OPD answers with a level, an explanation and evidence; Kominfo accepts or returns each answer. The index
 * is computed from the accepted (or, until reviewed, the submitted) levels with the framework's weights.
 */
import { audit } from "../../platform/audit.ts";
import type { Db, Queryable } from "../../platform/db.ts";
import { badRequest, conflict, forbidden, notFound, validationFailed } from "../../platform/errors.ts";
import { checkUpload, type FileStore, newStorageKey } from "../../platform/files.ts";
import { computeIndex, type Framework, frameworks } from "./framework.ts";
import * as store from "./store.ts";

export interface SpbeCtx {
  tenantId: string;
  actorId: string | null;
  locale: "id" | "en";
}

export const EVIDENCE_TYPES = ["application/pdf", "image/png", "image/jpeg"];
export const MAX_EVIDENCE = 10 * 1024 * 1024;

function frameworkOf(key: string): Framework {
  const fw = frameworks().get(key);
  if (!fw) throw badRequest("validation-failed", { fields: [{ field: "framework", code: "spbe-unknown-framework" }] });
  return fw;
}

async function loaded(q: Queryable, ctx: SpbeCtx, id: string) {
  const a = await store.assessment(q, ctx.tenantId, id);
  if (!a) throw notFound("spbe-assessment-not-found");
  return { a, fw: frameworkOf(a.framework) };
}

export async function createAssessment(db: Db, ctx: SpbeCtx, framework: string, year: number) {
  const fw = frameworkOf(framework);
  return db.tx(async (q) => {
    const row = await store.insertAssessment(q, ctx.tenantId, fw.key, fw.version, year, ctx.actorId);
    if (!row) throw conflict("spbe-assessment-exists");
    await audit(q, {
      tenantId: ctx.tenantId,
      actorId: ctx.actorId,
      action: "spbe.assessment-created",
      subjectType: "spbe_assessment",
      subjectId: row.id,
      data: { framework, year },
    });
    return { id: row.id, framework: fw.key, version: fw.version, year };
  });
}

export async function assignIndicators(db: Db, ctx: SpbeCtx, id: string, rows: { indicator: string; unitCode: string }[], unitCodes: Set<string>) {
  return db.tx(async (q) => {
    const { fw } = await loaded(q, ctx, id);
    const codes = new Set(fw.indicators.map((i) => i.code));
    const errors = rows.flatMap((r, i) => [
      ...(codes.has(r.indicator) ? [] : [{ field: `assignments[${i}].indicator`, code: "spbe-unknown-indicator" }]),
      ...(unitCodes.has(r.unitCode) ? [] : [{ field: `assignments[${i}].unitCode`, code: "spbe-unknown-unit" }]),
    ]);
    if (errors.length) throw validationFailed(errors);
    await store.assign(q, id, rows);
    await audit(q, {
      tenantId: ctx.tenantId,
      actorId: ctx.actorId,
      action: "spbe.assigned",
      subjectType: "spbe_assessment",
      subjectId: id,
      data: { count: rows.length },
    });
    return { assigned: rows.length };
  });
}

/** The levels the index counts: a reviewed level when accepted, the submitted level until reviewed; none when returned. */
function levelsOf(answers: store.AnswerRow[]) {
  const m = new Map<string, number>();
  for (const a of answers) if (a.status !== "returned") m.set(a.indicator, a.status === "accepted" ? (a.reviewed_level ?? a.level) : a.level);
  return m;
}

export async function assessmentIndex(q: Queryable, ctx: SpbeCtx, id: string) {
  const { a, fw } = await loaded(q, ctx, id);
  const current = computeIndex(fw, levelsOf(await store.answers(q, id)));
  const previous = (await store.assessments(q, ctx.tenantId)).find((x) => x.framework === a.framework && x.year === a.year - 1);
  const prior = previous ? { year: previous.year, ...computeIndex(fw, levelsOf(await store.answers(q, previous.id))) } : null;
  return { id, framework: fw.key, frameworkName: fw.name, year: a.year, ...current, previous: prior };
}

export async function listAssessments(q: Queryable, ctx: SpbeCtx) {
  const out = [];
  for (const a of await store.assessments(q, ctx.tenantId)) {
    const fw = frameworks().get(a.framework);
    if (!fw) continue;
    const r = computeIndex(fw, levelsOf(await store.answers(q, a.id)));
    out.push({
      id: a.id,
      framework: a.framework,
      frameworkName: fw.name,
      year: a.year,
      index: r.index,
      predicate: r.predicate,
      answered: r.answered,
      indicators: r.indicators,
    });
  }
  return out;
}

/** The framework tree with each indicator's assignment, answer and evidence; OPD staff see their units' indicators. */
export async function assessmentView(q: Queryable, ctx: SpbeCtx, id: string, visibleUnits: Set<string> | null) {
  const { a, fw } = await loaded(q, ctx, id);
  const assigned = new Map((await store.assignments(q, id)).map((r) => [r.indicator, r.unit_code]));
  const answers = new Map((await store.answers(q, id)).map((r) => [r.indicator, r]));
  const files = await store.evidence(q, id);
  const indicators = fw.indicators
    .filter((i) => visibleUnits === null || visibleUnits.has(assigned.get(i.code) ?? ""))
    .map((i) => {
      const ans = answers.get(i.code);
      return {
        ...i,
        unitCode: assigned.get(i.code) ?? null,
        answer: ans
          ? {
              level: ans.level,
              explanation: ans.explanation,
              status: ans.status,
              reviewedLevel: ans.reviewed_level,
              reviewNote: ans.review_note,
              answeredAt: ans.answered_at,
              answeredBy: ans.answered_by_name,
            }
          : null,
        evidence: files
          .filter((f) => f.indicator === i.code)
          .map((f) => ({ id: f.id, filename: f.filename, contentType: f.content_type, sha256: f.sha256, size: f.size })),
      };
    });
  return {
    id,
    year: a.year,
    framework: { key: fw.key, version: fw.version, name: fw.name, legalBasis: fw.legalBasis, levels: fw.levels, domains: fw.domains, aspects: fw.aspects },
    indicators,
  };
}

async function answerable(q: Queryable, ctx: SpbeCtx, id: string, indicator: string, mayAnswer: (unitCode: string) => boolean) {
  const { fw } = await loaded(q, ctx, id);
  const ind = fw.indicators.find((i) => i.code === indicator);
  if (!ind) throw notFound("spbe-unknown-indicator");
  const unit = (await store.assignments(q, id)).find((r) => r.indicator === indicator)?.unit_code;
  if (!unit || !mayAnswer(unit)) throw forbidden("spbe-not-assigned");
  return { fw, ind };
}

export async function answerIndicator(
  db: Db,
  ctx: SpbeCtx,
  id: string,
  indicator: string,
  input: { level: number; explanation: string },
  mayAnswer: (unitCode: string) => boolean,
) {
  return db.tx(async (q) => {
    const { fw } = await answerable(q, ctx, id, indicator, mayAnswer);
    if (!Number.isInteger(input.level) || input.level < fw.levels.min || input.level > fw.levels.max)
      throw validationFailed([
        {
          field: "level",
          code: "spbe-level-out-of-range",
          message:
            ctx.locale === "en"
              ? `The level must be ${fw.levels.min}–${fw.levels.max} in ${fw.name}`
              : `Tingkat harus ${fw.levels.min}–${fw.levels.max} pada ${fw.name}`,
        },
      ]);
    const was = await store.answerFor(q, id, indicator);
    if (was?.status === "accepted") throw conflict("spbe-answer-accepted");
    await store.upsertAnswer(q, id, indicator, input.level, input.explanation, ctx.actorId);
    await audit(q, {
      tenantId: ctx.tenantId,
      actorId: ctx.actorId,
      action: "spbe.answered",
      subjectType: "spbe_assessment",
      subjectId: id,
      data: { indicator, level: input.level },
    });
    return { indicator, level: input.level, status: "submitted" };
  });
}

export async function addEvidence(
  db: Db,
  files: FileStore,
  ctx: SpbeCtx,
  id: string,
  indicator: string,
  upload: { filename: string; bytes: Buffer },
  mayAnswer: (unitCode: string) => boolean,
) {
  await answerable(db, ctx, id, indicator, mayAnswer);
  const checked = await checkUpload(upload.bytes, upload.filename, EVIDENCE_TYPES, MAX_EVIDENCE);
  const key = newStorageKey(ctx.tenantId);
  await files.put(key, checked.bytes);
  return db.tx(async (q) => {
    const row = await store.insertEvidence(
      q,
      id,
      indicator,
      { filename: checked.filename, content_type: checked.contentType, sha256: checked.sha256, storage_key: key, size: checked.bytes.length },
      ctx.actorId,
    );
    await audit(q, {
      tenantId: ctx.tenantId,
      actorId: ctx.actorId,
      action: "spbe.evidence-added",
      subjectType: "spbe_assessment",
      subjectId: id,
      data: { indicator, sha256: checked.sha256 },
    });
    return { id: row?.id, filename: checked.filename, contentType: checked.contentType, sha256: checked.sha256 };
  });
}

export async function reviewAnswer(
  db: Db,
  ctx: SpbeCtx,
  id: string,
  indicator: string,
  input: { decision: "accept" | "return"; level?: number; note?: string },
) {
  return db.tx(async (q) => {
    const { fw } = await loaded(q, ctx, id);
    const was = await store.answerFor(q, id, indicator);
    if (!was) throw notFound("spbe-no-answer");
    const level = input.decision === "accept" ? (input.level ?? was.level) : null;
    if (level !== null && (level < fw.levels.min || level > fw.levels.max)) throw validationFailed([{ field: "level", code: "spbe-level-out-of-range" }]);
    if (input.decision === "return" && !input.note) throw validationFailed([{ field: "note", code: "required" }]);
    await store.review(q, id, indicator, input.decision === "accept" ? "accepted" : "returned", level, input.note ?? null, ctx.actorId);
    await audit(q, {
      tenantId: ctx.tenantId,
      actorId: ctx.actorId,
      action: `spbe.answer-${input.decision}ed`,
      subjectType: "spbe_assessment",
      subjectId: id,
      data: { indicator, level },
    });
    return { indicator, status: input.decision === "accept" ? "accepted" : "returned", level };
  });
}

export async function evidenceFile(q: Queryable, files: FileStore, ctx: SpbeCtx, id: string, evidenceId: string) {
  await loaded(q, ctx, id);
  const e = (await store.evidence(q, id)).find((x) => x.id === evidenceId);
  if (!e) throw notFound();
  return { ...e, bytes: await files.get(e.storage_key) };
}
