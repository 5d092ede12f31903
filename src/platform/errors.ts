/**
 * Domain errors carry a stable code; src/platform/http.ts maps them to RFC 9457 problem+json
 * (type `/problems/<code>`), with a title in the user's language from src/platform/i18n.ts.
 */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly params: Record<string, string | number>;
  readonly fields: FieldError[] | undefined;
  constructor(code: string, status: number, opts: { detail?: string; params?: Record<string, string | number>; fields?: FieldError[] } = {}) {
    super(opts.detail ?? code);
    this.code = code;
    this.status = status;
    this.params = opts.params ?? {};
    this.fields = opts.fields;
  }
}

export interface FieldError {
  /** JSON pointer-ish path of the field, e.g. "email" or "form.nik". */
  field: string;
  code: string;
  message?: string;
}

export const badRequest = (code: string, opts?: ConstructorParameters<typeof AppError>[2]) => new AppError(code, 400, opts);
export const unauthorized = (code = "unauthenticated") => new AppError(code, 401);
export const forbidden = (code = "forbidden") => new AppError(code, 403);
export const notFound = (code = "not-found") => new AppError(code, 404);
export const conflict = (code: string, opts?: ConstructorParameters<typeof AppError>[2]) => new AppError(code, 409, opts);
export const locked = (code: string, opts?: ConstructorParameters<typeof AppError>[2]) => new AppError(code, 423, opts);
export const validationFailed = (fields: FieldError[]) => new AppError("validation-failed", 400, { fields });
