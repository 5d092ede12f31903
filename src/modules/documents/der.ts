/**
 * A minimal DER encoder/decoder: just what X.509 certificates, CRLs and CMS SignedData need.
 * (node-forge's PKI cannot handle ECDSA keys; node:crypto does the key work, this does the bytes.)
 */

export type Der = Buffer;

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, ...content: Buffer[]): Der {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
}

export const seq = (...items: Buffer[]) => tlv(0x30, ...items);
/** SET OF in DER order (sorted encodings). */
export const set = (...items: Buffer[]) => tlv(0x31, ...[...items].sort(Buffer.compare));
export const ctx = (n: number, ...items: Buffer[]) => tlv(0xa0 + n, ...items);
export const octets = (b: Buffer) => tlv(0x04, b);
export const nul = () => Buffer.from([0x05, 0x00]);
export const bool = (v: boolean) => Buffer.from([0x01, 0x01, v ? 0xff : 0x00]);
export const utf8 = (s: string) => tlv(0x0c, Buffer.from(s, "utf8"));
export const printable = (s: string) => tlv(0x13, Buffer.from(s, "ascii"));
export const bits = (b: Buffer, unused = 0) => tlv(0x03, Buffer.from([unused]), b);

/** A non-negative INTEGER from big-endian bytes. */
export function uint(b: Buffer): Der {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  let v = b.subarray(i);
  if (v[0] & 0x80) v = Buffer.concat([Buffer.from([0]), v]);
  return tlv(0x02, v);
}
export function int(n: number): Der {
  const h = n.toString(16);
  return uint(Buffer.from(h.length % 2 ? `0${h}` : h, "hex"));
}

export function oid(dotted: string): Der {
  const parts = dotted.split(".").map(Number);
  const out: number[] = [parts[0] * 40 + parts[1]];
  for (const p of parts.slice(2)) {
    const chunk: number[] = [];
    let v = p;
    do {
      chunk.unshift(v & 0x7f);
      v = Math.floor(v / 128);
    } while (v > 0);
    for (let i = 0; i < chunk.length - 1; i++) chunk[i] |= 0x80;
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

/** UTCTime before 2050, GeneralizedTime after (RFC 5280). */
export function time(d: Date): Der {
  const iso = d.toISOString().replace(/[-:T]/g, "").slice(0, 14);
  return d.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`)) : tlv(0x18, Buffer.from(`${iso}Z`));
}

// ---- decoding ----------------------------------------------------------------------------------

export interface Node {
  tag: number;
  /** The whole encoding (tag + length + content). */
  raw: Buffer;
  content: Buffer;
  children: Node[];
}

export function parse(buf: Buffer, offset = 0): Node {
  if (offset + 2 > buf.length) throw new Error("DER: truncated");
  const tag = buf[offset];
  let len = buf[offset + 1];
  let head = 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) throw new Error("DER: bad length");
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[offset + 2 + i];
    head += n;
  }
  const end = offset + head + len;
  if (end > buf.length) throw new Error("DER: truncated");
  const raw = buf.subarray(offset, end);
  const content = buf.subarray(offset + head, end);
  const children: Node[] = [];
  if (tag & 0x20) {
    let p = 0;
    while (p < content.length) {
      const child = parse(content, p);
      children.push(child);
      p += child.raw.length;
    }
  }
  return { tag, raw, content, children };
}

export function oidString(n: Node): string {
  const b = n.content;
  const parts = [Math.floor(b[0] / 40), b[0] % 40];
  let v = 0;
  for (const byte of b.subarray(1)) {
    v = v * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      parts.push(v);
      v = 0;
    }
  }
  return parts.join(".");
}

export function timeValue(n: Node): Date {
  const s = n.content.toString("ascii");
  const full = n.tag === 0x17 ? `${Number(s.slice(0, 2)) >= 50 ? "19" : "20"}${s}` : s;
  return new Date(`${full.slice(0, 4)}-${full.slice(4, 6)}-${full.slice(6, 8)}T${full.slice(8, 10)}:${full.slice(10, 12)}:${full.slice(12, 14)}Z`);
}

export const OID = {
  rsaEncryption: "1.2.840.113549.1.1.1",
  sha256WithRSA: "1.2.840.113549.1.1.11",
  ecdsaSha256: "1.2.840.10045.4.3.2",
  sha256: "2.16.840.1.101.3.4.2.1",
  data: "1.2.840.113549.1.7.1",
  signedData: "1.2.840.113549.1.7.2",
  contentType: "1.2.840.113549.1.9.3",
  messageDigest: "1.2.840.113549.1.9.4",
  signingTime: "1.2.840.113549.1.9.5",
  signingCertificateV2: "1.2.840.113549.1.9.16.2.47",
  cn: "2.5.4.3",
  serialNumber: "2.5.4.5",
  c: "2.5.4.6",
  l: "2.5.4.7",
  o: "2.5.4.10",
  ou: "2.5.4.11",
  title: "2.5.4.12",
  subjectKeyId: "2.5.29.14",
  keyUsage: "2.5.29.15",
  basicConstraints: "2.5.29.19",
  crlNumber: "2.5.29.20",
  authorityKeyId: "2.5.29.35",
  extKeyUsage: "2.5.29.37",
  crlReason: "2.5.29.21",
} as const;
