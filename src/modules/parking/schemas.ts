/** e-Parking's report shapes: revenue against the expected, and a settlement's reconciliation. */
import { Type } from "typebox";
import { Nullable, Open } from "../../platform/responses.ts";
import type { Mismatch } from "./reconcile.ts";

const Rupiah = Type.Number({ description: "rupiah" });

export const ParkingRevenue = Open(
  {
    from: Type.String({ format: "date" }),
    to: Type.String({ format: "date" }),
    totals: Open({
      gross: Rupiah,
      qris: Rupiah,
      cash: Rupiah,
      expected: Rupiah,
      flagged: Type.Integer({ description: "payments flagged (cash exceptions)" }),
      uncounted: Type.Integer(),
      jukirShare: Rupiah,
      cityShare: Rupiah,
    }),
    days: Type.Array(Open({ date: Type.String({ format: "date" }), gross: Rupiah, expected: Rupiah })),
    points: Type.Array(
      Open({
        id: Type.String(),
        code: Type.String(),
        name: Type.String(),
        kind: Type.String(),
        capacity: Type.Integer(),
        gross: Rupiah,
        qris: Rupiah,
        cash: Rupiah,
        paid: Type.Integer({ description: "paid sessions" }),
        flagged: Type.Integer(),
        uncounted: Type.Integer(),
        expected: Rupiah,
        paidPerSlot: Type.Number(),
        low: Type.Boolean({ description: "far fewer paid sessions per slot than similar points" }),
      }),
    ),
    attendants: Type.Array(
      Open({
        id: Type.String(),
        name: Type.String(),
        pointCode: Type.String(),
        gross: Rupiah,
        cash: Rupiah,
        sharePct: Type.Number(),
        jukirShare: Rupiah,
        cityShare: Rupiah,
      }),
    ),
  },
  { title: "ParkingRevenue", description: "Revenue per day, point and jukir against the expected revenue" },
);

const MismatchKind = Type.Unsafe<Mismatch["kind"]>({
  type: "string",
  enum: ["missing-in-balai", "missing-in-settlement", "amount-differs", "not-counted", "duplicate-in-file"],
});

export const ParkingReconciliation = Open(
  {
    id: Type.String(),
    gateway: Type.String(),
    date: Type.String({ format: "date" }),
    lines: Type.Integer(),
    settledAmount: Rupiah,
    recordedAmount: Rupiah,
    matched: Type.Integer(),
    mismatches: Type.Array(
      Type.Object({
        kind: MismatchKind,
        transactionId: Type.String(),
        orderId: Nullable(Type.String()),
        line: Nullable(Type.Integer()),
        settledAmount: Nullable(Rupiah),
        balaiAmount: Nullable(Rupiah),
      }),
    ),
  },
  { title: "ParkingReconciliation", description: "A settlement file against Balai's payments: every mismatch" },
);
