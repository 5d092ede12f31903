/**
 * An S3-compatible server for tests: s3rver (the npm package) on a free local port, a fresh directory, one bucket.
 * s3rver knows the access key S3RVER but does not check Signature V4 itself, so this fake does, in front of it, as
 * AWS S3 does (docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html): the canonical request,
 * the credential scope and the HMAC chain with the secret S3RVER; a mismatch answers 403 SignatureDoesNotMatch in
 * S3's XML error shape. Errors otherwise come from s3rver in S3's shapes (NoSuchKey, NoSuchBucket, 403 on an
 * unknown key). `requests` records what was received (method, path, headers) for tests to look at.
 */
import { createHash, createHmac } from "node:crypto";
import fs from "node:fs";
import type { Server } from "node:http";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";

const require = createRequire(import.meta.url);
type KoaCtx = { method: string; url: string; headers: Record<string, string | undefined>; status: number; type: string; body: unknown };
type KoaMiddleware = (ctx: KoaCtx, next: () => Promise<void>) => Promise<void>;
const S3rver = require("s3rver") as new (
  opts: Record<string, unknown>,
) => { run(): Promise<{ port: number }>; httpServer?: Server; middleware: KoaMiddleware[] };

const SECRET = "S3RVER";
const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data).digest();
const rfc3986 = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** The AWS SigV4 check of a header-signed request; undefined when it holds, else why not. */
export function sigV4Problem(method: string, url: string, headers: Record<string, string | undefined>, secret = SECRET): string | undefined {
  const auth = headers.authorization ?? "";
  const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/.exec(auth);
  if (!m) return "no AWS4-HMAC-SHA256 authorization header";
  const [, , date, region, signedHeaders, signature] = m;
  const amzDate = headers["x-amz-date"] ?? "";
  if (!amzDate.startsWith(date)) return "x-amz-date does not match the credential scope";
  const payloadHash = headers["x-amz-content-sha256"];
  if (!payloadHash) return "no x-amz-content-sha256";
  const [rawPath, rawQuery = ""] = url.split("?");
  const query = rawQuery
    .split("&")
    .filter(Boolean)
    .map((kv) => {
      const [k, v = ""] = kv.split("=");
      return [rfc3986(decodeURIComponent(k)), rfc3986(decodeURIComponent(v))];
    })
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  const names = signedHeaders.split(";");
  if (!names.includes("host") || !names.includes("x-amz-date")) return "host and x-amz-date must be signed";
  const canonicalHeaders = names
    .map(
      (n) =>
        `${n}:${String(headers[n] ?? "")
          .trim()
          .replace(/\s+/g, " ")}\n`,
    )
    .join("");
  const canonical = [method, rawPath, query, canonicalHeaders, signedHeaders, payloadHash].join("\n");
  const scope = `${date}/${region}/s3/aws4_request`;
  const toSign = ["AWS4-HMAC-SHA256", amzDate, scope, createHash("sha256").update(canonical).digest("hex")].join("\n");
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), "s3"), "aws4_request");
  return createHmac("sha256", key).update(toSign).digest("hex") === signature ? undefined : "signature does not match";
}

export interface FakeS3 {
  endpoint: string;
  bucket: string;
  dir: string;
  env: Record<string, string>;
  requests: { method: string; path: string; headers: Record<string, string | undefined> }[];
  /** Stops answering (and drops open connections): the bucket is unreachable. */
  stop(): Promise<void>;
}

export async function startFakeS3(opts: { bucket?: string; port?: number; dir?: string } = {}): Promise<FakeS3> {
  const bucket = opts.bucket ?? "balai-files";
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), "balai-s3-"));
  const server = new S3rver({ address: "127.0.0.1", port: opts.port ?? 0, silent: true, directory: dir, configureBuckets: [{ name: bucket }] });
  const requests: FakeS3["requests"] = [];
  // Koa composes its middleware when the server starts listening: this check runs before s3rver's own.
  server.middleware.unshift(async (ctx, next) => {
    requests.push({ method: ctx.method, path: ctx.url.split("?")[0], headers: { ...ctx.headers } });
    const problem = sigV4Problem(ctx.method, ctx.url, ctx.headers);
    if (problem) {
      ctx.status = 403;
      ctx.type = "application/xml";
      ctx.body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>SignatureDoesNotMatch</Code><Message>${problem}</Message></Error>`;
      return;
    }
    await next();
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    bucket,
    dir,
    requests,
    env: {
      BALAI_S3_ENDPOINT: endpoint,
      BALAI_S3_BUCKET: bucket,
      BALAI_S3_ACCESS_KEY: "S3RVER",
      BALAI_S3_SECRET_KEY: "S3RVER",
      BALAI_S3_REGION: "us-east-1",
    },
    async stop() {
      const http = server.httpServer;
      if (!http?.listening) return;
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      });
    },
  };
}
