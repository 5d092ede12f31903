/**
 * QRIS payloads (EMVCo Merchant-Presented QR, Bank Indonesia's QRIS profile): TLV fields "IDLLvalue" — a two-digit
 * tag, a two-digit length, the value — ending in tag 63, a CRC16-CCITT (polynomial 0x1021, initial 0xFFFF) over
 * everything up to and including "6304", as four upper-case hex digits.
 */

export interface TlvField {
  tag: string;
  value: string;
}

/** CRC16-CCITT (False): poly 0x1021, init 0xFFFF, no reflection, no final xor. */
export function crc16(text: string): string {
  let crc = 0xffff;
  for (const byte of Buffer.from(text, "utf8")) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, "0");
}

export function tlv(tag: string, value: string): string {
  const len = Buffer.byteLength(value, "utf8");
  if (len > 99) throw new Error(`QRIS tag ${tag} is longer than 99 characters`);
  return `${tag}${String(len).padStart(2, "0")}${value}`;
}

/** Splits a TLV string into its fields; throws on a truncated or malformed one. */
export function parseTlv(text: string): TlvField[] {
  const out: TlvField[] = [];
  let i = 0;
  while (i < text.length) {
    const tag = text.slice(i, i + 2);
    const len = text.slice(i + 2, i + 4);
    if (!/^\d{2}$/.test(tag) || !/^\d{2}$/.test(len)) throw new Error(`malformed TLV at ${i}`);
    const n = Number(len);
    const value = text.slice(i + 4, i + 4 + n);
    if (value.length !== n) throw new Error(`truncated TLV value of tag ${tag}`);
    out.push({ tag, value });
    i += 4 + n;
  }
  return out;
}

export interface QrisInput {
  dynamic: boolean;
  /** Merchant account information template (tags 26–45): the acquirer's reverse domain + merchant PAN/id. */
  acquirerDomain: string;
  merchantPan: string;
  merchantId: string;
  /** National Merchant ID (tag 51 subtag 02), e.g. ID1026xxxxxxxxx. */
  nmid: string;
  /** Merchant category code: 7523 = parking lots and garages. */
  mcc: string;
  /** Rupiah; omitted for an open-amount static QR. */
  amount?: number;
  merchantName: string;
  merchantCity: string;
  postalCode?: string;
  /** Tag 62 subtag 05 reference label (the order id), subtag 07 terminal label (point code). */
  reference?: string;
  terminal?: string;
}

/** A QRIS string with every tag the issue lists, in tag order, with its CRC. */
export function buildQris(q: QrisInput): string {
  const merchantAccount = tlv("00", q.acquirerDomain) + tlv("01", q.merchantPan) + tlv("02", q.merchantId) + tlv("03", "UMI");
  const qrisDomain = tlv("00", "ID.CO.QRIS.WWW") + tlv("02", q.nmid) + tlv("03", "UMI");
  const additional = (q.reference ? tlv("05", q.reference.slice(0, 25)) : "") + (q.terminal ? tlv("07", q.terminal.slice(0, 16)) : "");
  const body =
    tlv("00", "01") +
    tlv("01", q.dynamic ? "12" : "11") +
    tlv("26", merchantAccount) +
    tlv("51", qrisDomain) +
    tlv("52", q.mcc) +
    tlv("53", "360") +
    (q.amount !== undefined ? tlv("54", String(q.amount)) : "") +
    tlv("58", "ID") +
    tlv("59", q.merchantName.slice(0, 25)) +
    tlv("60", q.merchantCity.slice(0, 15)) +
    (q.postalCode ? tlv("61", q.postalCode) : "") +
    (additional ? tlv("62", additional) : "") +
    "6304";
  return body + crc16(body);
}

export interface ParsedQris {
  dynamic: boolean;
  amount: number | null;
  nmid: string | null;
  merchantName: string;
  merchantCity: string;
  reference: string | null;
  terminal: string | null;
  fields: TlvField[];
}

/** Parses and checks a QRIS string (format indicator, currency, country, CRC); throws with the first problem. */
export function parseQris(text: string): ParsedQris {
  if (!/6304[0-9A-F]{4}$/.test(text)) throw new Error("missing CRC (tag 63)");
  const expected = crc16(text.slice(0, -4));
  if (expected !== text.slice(-4)) throw new Error(`CRC mismatch: ${text.slice(-4)} != ${expected}`);
  const fields = parseTlv(text);
  const get = (tag: string) => fields.find((f) => f.tag === tag)?.value;
  if (fields[0]?.tag !== "00" || fields[0].value !== "01") throw new Error("payload format indicator (00) must be 01");
  const poi = get("01");
  if (poi !== "11" && poi !== "12") throw new Error("point of initiation (01) must be 11 or 12");
  if (get("53") !== "360") throw new Error("currency (53) must be 360");
  if (get("58") !== "ID") throw new Error("country (58) must be ID");
  const name = get("59");
  const city = get("60");
  if (!name || name.length > 25) throw new Error("merchant name (59) missing or longer than 25");
  if (!city || city.length > 15) throw new Error("merchant city (60) missing or longer than 15");
  if (!fields.some((f) => Number(f.tag) >= 26 && Number(f.tag) <= 45)) throw new Error("no merchant account (26–45)");
  const qrisDomain = get("51");
  const sub51 = qrisDomain ? parseTlv(qrisDomain) : [];
  if (sub51.find((f) => f.tag === "00")?.value !== "ID.CO.QRIS.WWW") throw new Error("tag 51 must carry ID.CO.QRIS.WWW");
  const amount = get("54");
  if (poi === "12" && !amount) throw new Error("a dynamic QRIS carries an amount (54)");
  const sub62 = get("62") ? parseTlv(get("62") as string) : [];
  return {
    dynamic: poi === "12",
    amount: amount ? Number(amount) : null,
    nmid: sub51.find((f) => f.tag === "02")?.value ?? null,
    merchantName: name,
    merchantCity: city,
    reference: sub62.find((f) => f.tag === "05")?.value ?? null,
    terminal: sub62.find((f) => f.tag === "07")?.value ?? null,
    fields,
  };
}
