/**
 * Throughput of the document pipeline without the database, for bench/ (the lead wires it in):
 * documents generated + signed per second (RSA 2048 and ECDSA P-256) and verifications per second.
 *
 *   import { benchDocuments } from "../src/modules/documents/bench.ts";
 *   const r = await benchDocuments({ durationMs: 5000 });
 */
import { issueCertificate, type KeyAlgorithm, newKeyPair, newSerial } from "./ca.ts";
import { type Letter, renderLetter, tanggalIndonesia } from "./pdf.ts";
import { signLetterLocally } from "./signer.ts";
import { checkPdf } from "./verify.ts";

export interface Rate {
  count: number;
  seconds: number;
  perSecond: number;
}

export interface DocumentsBench {
  generateAndSign: Record<KeyAlgorithm, Rate>;
  verify: Rate;
}

export function sampleLetter(i: number): Letter {
  return {
    kop: ["Pemerintah Kota Malang", "Kecamatan Klojen", "Kelurahan Kauman"],
    kopAddress: "Jl. Kauman No. 1, Kota Malang",
    title: "Surat Keterangan Domisili",
    number: `470/${i + 1}/KEL-1001/2026`,
    body: [
      "Yang bertanda tangan di bawah ini, Lurah Kauman, Kecamatan Klojen, Kota Malang, dengan ini menerangkan bahwa:",
      {
        rows: [
          ["Nama", `Warga Uji ${i}`],
          ["NIK", "3573014503900001"],
          ["Alamat", "Jl. Merdeka Utara No. 10, RT 003/RW 002, Kauman, Klojen"],
        ],
      },
      "Orang tersebut di atas benar berdomisili di wilayah Kelurahan Kauman, Kecamatan Klojen, Kota Malang.",
      "Demikian surat keterangan ini dibuat untuk dapat dipergunakan sebagaimana mestinya.",
    ],
    place: "Malang",
    date: tanggalIndonesia(new Date()),
    signer: { title: "Lurah Kauman", name: "Dra. Siti Rahayu", nip: "197805122005012003", delegation: null },
    verifyUrl: `https://layanan.malangkota.go.id/verify/bench${String(i).padStart(8, "0")}`,
  };
}

/** A throw-away root and one official's certificate for `alg`. */
export function chainFor(alg: KeyAlgorithm) {
  const root = newKeyPair("ecdsa-p256");
  const now = Date.now();
  const rootCert = issueCertificate({
    subject: { cn: "Balai Bench Root", o: "Pemerintah Kota Malang", c: "ID" },
    publicKey: root.publicKey,
    selfKey: root.privateKey,
    serial: newSerial(),
    notBefore: new Date(now - 3600_000),
    notAfter: new Date(now + 86400_000),
    ca: true,
  });
  const kp = newKeyPair(alg);
  const cert = issueCertificate({
    subject: { cn: "Dra. Siti Rahayu", serialNumber: "197805122005012003", o: "Pemerintah Kota Malang", c: "ID" },
    publicKey: kp.publicKey,
    issuer: { cert: rootCert, key: root.privateKey },
    serial: newSerial(),
    notBefore: new Date(now - 3600_000),
    notAfter: new Date(now + 86400_000),
    ca: false,
  });
  return { key: kp.privateKey, chain: [cert, rootCert], root: rootCert };
}

async function timed(durationMs: number, minCount: number, fn: (i: number) => Promise<unknown> | unknown): Promise<Rate> {
  const start = performance.now();
  let count = 0;
  while (count < minCount || performance.now() - start < durationMs) await fn(count++);
  const seconds = (performance.now() - start) / 1000;
  return { count, seconds, perSecond: count / seconds };
}

export async function benchDocuments(opts: { durationMs?: number; minCount?: number } = {}): Promise<DocumentsBench> {
  const durationMs = opts.durationMs ?? 3000;
  const minCount = opts.minCount ?? 5;
  const out = {} as Record<KeyAlgorithm, Rate>;
  let sample: { pdf: Buffer; root: ReturnType<typeof chainFor>["root"] } | undefined;
  for (const alg of ["rsa-2048", "ecdsa-p256"] as const) {
    const c = chainFor(alg);
    // One warm-up (font parsing, JIT).
    const warm = await signLetterLocally(await renderLetter(sampleLetter(0)), meta(0), c.key, c.chain);
    sample ??= { pdf: warm, root: c.root };
    out[alg] = await timed(durationMs, minCount, async (i) => signLetterLocally(await renderLetter(sampleLetter(i)), meta(i), c.key, c.chain));
  }
  const s = sample as NonNullable<typeof sample>;
  const verify = await timed(durationMs, minCount, () => {
    const [r] = checkPdf(s.pdf, [s.root]);
    if (!r?.intact || !r.chainTrusted) throw new Error("bench: verification failed");
  });
  return { generateAndSign: out, verify };
}

export const meta = (i: number) => ({
  reason: `Surat Keterangan Domisili nomor 470/${i + 1}/KEL-1001/2026`,
  location: "Malang",
  name: "Dra. Siti Rahayu",
  contactInfo: `https://layanan.malangkota.go.id/verify/bench${String(i).padStart(8, "0")}`,
  signingTime: new Date(),
});
