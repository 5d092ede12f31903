/** Response shapes of the documents routes (the OpenAPI contract and web/api-types.ts are written from them). */
import { Type } from "typebox";
import { Ack, Nullable, Timestamp } from "../../platform/responses.ts";

const Str = Type.String();
const StrOrNull = Nullable(Type.String());
const At = Timestamp();
const AtOrNull = Nullable(Timestamp());
const IdName = Type.Object({ id: Str, name: Str });

export const Queue = Type.Array(
  Type.Object({
    id: Str,
    title: Str,
    caseId: Str,
    caseNumber: StrOrNull,
    applicantName: StrOrNull,
    unit: IdName,
    role: Str,
    delegation: Nullable(Type.Object({ id: Str, kind: StrOrNull, principalName: StrOrNull })),
    createdAt: At,
  }),
  { title: "SigningQueue" },
);

export const SignOutcome = Type.Object({
  signed: Type.Integer(),
  failed: Type.Integer(),
  results: Type.Array(
    Type.Object({
      id: Str,
      status: Type.Union([Type.Literal("signed"), Type.Literal("failed")]),
      code: Type.String({ description: "the verification code when signed, else the failure's code" }),
      number: Type.Optional(Str),
      caseId: Type.Optional(Str),
      detail: Type.Optional(Str),
    }),
  ),
});

export const CaseDocuments = Type.Array(
  Type.Object({
    id: Str,
    title: Str,
    status: Str,
    number: StrOrNull,
    signedAt: AtOrNull,
    signerName: StrOrNull,
    signerTitle: StrOrNull,
    code: Type.Optional(Str),
    verifyUrl: Type.Optional(Str),
    downloadUrl: Type.Optional(Str),
  }),
  { title: "CaseDocuments" },
);

export const Certificate = Type.Object(
  {
    id: Str,
    userId: Str,
    userName: Type.Optional(Str),
    serial: Str,
    algorithm: Str,
    subject: Str,
    nip: StrOrNull,
    title: StrOrNull,
    notBefore: At,
    notAfter: At,
    revokedAt: AtOrNull,
    revokeReason: StrOrNull,
    locked: Type.Boolean(),
    certificatePem: Str,
  },
  { title: "SigningCertificate" },
);

export const BsreAccount = Type.Object({ userId: Str, nik: Type.String({ description: "masked: the first six digits" }) });

export const Delegation = Type.Object(
  {
    id: Str,
    unit: IdName,
    role: Str,
    principal: IdName,
    deputy: IdName,
    kind: Str,
    from: Str,
    to: Str,
    revokedAt: AtOrNull,
  },
  { title: "Delegation" },
);

export const NewDelegation = Type.Object({
  id: Str,
  unitId: Str,
  role: Str,
  principalId: Str,
  deputyId: Str,
  deputyName: Str,
  kind: Str,
  from: Str,
  to: Str,
});

export const Verification = Type.Object(
  {
    valid: Type.Boolean(),
    reasons: Type.Array(Str),
    modifiedAfterSigning: Type.Boolean(),
    signature: Nullable(
      Type.Object({
        signerName: Str,
        signerTitle: StrOrNull,
        nip: StrOrNull,
        delegation: Nullable(Type.Object({ kind: Str, principalName: Str })),
        signedAt: AtOrNull,
        certificate: Nullable(Type.Object({ serial: Str, subject: Str, issuer: Str, algorithm: Str })),
        signedWith: StrOrNull,
      }),
    ),
    document: Nullable(Type.Object({ number: StrOrNull, title: Str, code: Str, issuer: StrOrNull })),
  },
  { title: "DocumentVerification" },
);

export { Ack };

export const SigningStatus = Type.Object(
  {
    signer: Type.Union([Type.Literal("local"), Type.Literal("bsre")]),
    ready: Type.Boolean(),
    missing: Nullable(Type.Union([Type.Literal("certificate-missing"), Type.Literal("certificate-revoked"), Type.Literal("signer-nik-missing")])),
  },
  { title: "SigningStatus", additionalProperties: false },
);
