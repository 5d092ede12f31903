/** poppler's `pdfsig` on a signed PDF, with the signing root trusted in a fresh NSS database when certutil is installed. */
import { execFileSync, spawnSync } from "node:child_process";
import path from "node:path";
import { expect } from "vitest";

/** Runs pdfsig on `file` and checks the signature of "Dedi Kurniawan" is valid and covers the whole document. */
export function expectPdfsigValid(file: string, rootPem: string, nickname: string): { args: string[] } {
  const hasCertutil = spawnSync("sh", ["-c", "command -v certutil"]).status === 0;
  let args = [file];
  if (hasCertutil) {
    const nss = path.join(path.dirname(file), "nss");
    execFileSync("mkdir", ["-p", nss]);
    execFileSync("certutil", ["-N", "-d", `sql:${nss}`, "--empty-password"]);
    execFileSync("certutil", ["-A", "-d", `sql:${nss}`, "-n", nickname, "-t", "CT,C,C", "-i", rootPem]);
    args = ["-nssdir", `sql:${nss}`, file];
  }
  const out = spawnSync("pdfsig", args, { encoding: "utf8" });
  const report = `${out.stdout}${out.stderr}`;
  expect(report).toContain("Signature Validation: Signature is Valid.");
  expect(report).toContain("Total document signed");
  expect(report).toContain("Signer Certificate Common Name: Dedi Kurniawan");
  expect(report).toContain("ETSI.CAdES.detached");
  // With the root in an NSS database the chain is trusted; without certutil pdfsig can only say the issuer is unknown.
  expect(report).toContain(hasCertutil ? "Certificate Validation: Certificate is Trusted." : "Certificate issuer isn't Trusted.");
  return { args };
}
