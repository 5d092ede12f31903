/**
 * The development gateway: no money moves. It "issues" QRIS by recording the order in its ledger, simulates the
 * paid callback (signed with HMAC-SHA256 of the body, header X-Balai-Signature), and answers status queries from
 * that ledger.
 */
import { createHmac } from "node:crypto";
import { checkSecret } from "./base.ts";
import { badCallback, badSignature, type CallbackRequest, type PaymentGateway, type PaymentNotice, parseJson, rupiahOf, type StatusAnswer } from "./types.ts";

export interface DevLedger {
  lookup(txnId: string): Promise<{ amount: number; status: string } | undefined>;
}

export const devSignature = (secret: string, rawBody: string) => createHmac("sha256", secret).update(rawBody).digest("hex");

export function devCallbackBody(n: { txnId: string; orderId: string; amount: number; paidAt?: Date }): string {
  return JSON.stringify({ transaction_id: n.txnId, order_id: n.orderId, amount: n.amount, status: "PAID", paid_at: (n.paidAt ?? new Date()).toISOString() });
}

export class DevGateway implements PaymentGateway {
  readonly name = "dev" as const;
  private secret: string;
  private ledger: DevLedger;
  constructor(secret: string, ledger: DevLedger) {
    this.secret = secret;
    this.ledger = ledger;
  }

  verifyCallback(req: CallbackRequest): PaymentNotice {
    if (!this.secret) throw badSignature("the development gateway is off");
    checkSecret(req.headers["x-balai-signature"] ?? "", devSignature(this.secret, req.rawBody), "X-Balai-Signature does not match");
    const b = parseJson(req.rawBody);
    const amount = rupiahOf(b.amount);
    if (typeof b.transaction_id !== "string" || typeof b.order_id !== "string" || Number.isNaN(amount)) throw badCallback("transaction_id, order_id, amount");
    return {
      txnId: b.transaction_id,
      orderId: b.order_id,
      amount,
      paid: b.status === "PAID",
      paidAt: new Date(String(b.paid_at ?? Date.now())),
      queryKey: b.transaction_id,
    };
  }

  async queryStatus(n: PaymentNotice): Promise<StatusAnswer> {
    const row = await this.ledger.lookup(n.txnId);
    return row ? { paid: row.status === "PAID", amount: row.amount } : { paid: false, amount: 0 };
  }
}
