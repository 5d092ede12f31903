// Official documents without HTTP or database: render the A4 letter (pdf-lib, embedded DejaVu font),
// sign it (PAdES, CMS detached) and verify a signed one. One loop: this is CPU work in one process.
import { chainFor, meta, sampleLetter } from "../../src/modules/documents/bench.ts";
import { renderLetter } from "../../src/modules/documents/pdf.ts";
import { signLetterLocally } from "../../src/modules/documents/signer.ts";
import { checkPdf } from "../../src/modules/documents/verify.ts";
import { drive } from "../lib/drive.ts";
import type { Scenario } from "./types.ts";

function generateAndSign(alg: "rsa-2048" | "ecdsa-p256", label: string): Scenario {
  return {
    name: `document generate + sign, ${label} (no HTTP, 1 loop)`,
    async drive(_ctx, opts) {
      const c = chainFor(alg);
      let i = 0;
      const step = async () => {
        await signLetterLocally(await renderLetter(sampleLetter(i)), meta(i), c.key, c.chain);
        i++;
      };
      await drive(1, opts.warmupSeconds, step);
      const m = await drive(1, opts.seconds, step);
      return { ...m, note: "renderLetter (A4, DejaVu Sans embedded, QR) + signLetterLocally (PAdES ETSI.CAdES.detached, chain embedded)" };
    },
  };
}

export const documentRsa = generateAndSign("rsa-2048", "RSA 2048");
export const documentEcdsa = generateAndSign("ecdsa-p256", "ECDSA P-256");

export const documentVerify: Scenario = {
  name: "document verify (no HTTP, 1 loop)",
  async drive(_ctx, opts) {
    const c = chainFor("rsa-2048");
    const pdf = await signLetterLocally(await renderLetter(sampleLetter(0)), meta(0), c.key, c.chain);
    const step = async () => {
      const [r] = checkPdf(pdf, [c.root]);
      if (!r?.intact || !r.chainTrusted) throw new Error("verification failed");
    };
    await drive(1, opts.warmupSeconds, step);
    const m = await drive(1, opts.seconds, step);
    return { ...m, note: `checkPdf: byte range, CMS signature, chain to the root (${pdf.length.toLocaleString("en-US")} bytes, RSA 2048)` };
  },
};
