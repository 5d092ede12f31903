/**
 * Uploaded files in S3-compatible object storage (AWS S3, MinIO, Garage), through the AWS SDK v3 with path-style
 * requests (docs/cluster.md). A PutObject is atomic (the object exists whole or not at all) and every module stores
 * the bytes before it records the file in its transaction, so a failed upload leaves no row pointing at nothing.
 */
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import type { S3Settings } from "./config.ts";
import { ConfigError } from "./config.ts";
import { AppError, notFound } from "./errors.ts";
import type { FileStore } from "./files.ts";

/** The store is unreachable or refuses us: the upload or download answers 503, nothing was written. */
export const storageUnavailable = (err: unknown) => new AppError("storage-unavailable", 503, { detail: `file storage: ${(err as Error).message}` });

const isMissing = (err: unknown) =>
  err instanceof S3ServiceException && (err.name === "NoSuchKey" || err.name === "NotFound" || err.$metadata?.httpStatusCode === 404);

export class S3FileStore implements FileStore {
  readonly client: S3Client;
  readonly bucket: string;
  private readonly endpoint: string;

  constructor(s: S3Settings, opts: { timeoutMs?: number } = {}) {
    this.bucket = s.bucket;
    this.endpoint = s.endpoint;
    const timeout = opts.timeoutMs ?? 10_000;
    this.client = new S3Client({
      endpoint: s.endpoint,
      region: s.region,
      forcePathStyle: true,
      credentials: { accessKeyId: s.accessKey, secretAccessKey: s.secretKey },
      maxAttempts: 2,
      requestHandler: { connectionTimeout: Math.min(timeout, 3000), requestTimeout: timeout },
    });
  }

  /** At start: the bucket exists and the keys are accepted; otherwise a ConfigError naming the variable to fix. */
  async check(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (err) {
      const status = err instanceof S3ServiceException ? err.$metadata?.httpStatusCode : undefined;
      if (status === 404) throw new ConfigError(`BALAI_S3_BUCKET: bucket "${this.bucket}" does not exist at ${this.endpoint}`);
      if (status === 403 || status === 401)
        throw new ConfigError(`BALAI_S3_ACCESS_KEY / BALAI_S3_SECRET_KEY: ${this.endpoint} refused access to bucket "${this.bucket}" (HTTP ${status})`);
      throw new ConfigError(`BALAI_S3_ENDPOINT: cannot reach ${this.endpoint} (${(err as Error).name}: ${(err as Error).message || "no answer"})`);
    }
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    try {
      await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: bytes, ContentLength: bytes.length }));
    } catch (err) {
      throw storageUnavailable(err);
    }
  }

  async get(key: string): Promise<Buffer> {
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return Buffer.from(await res.Body!.transformToByteArray());
    } catch (err) {
      if (isMissing(err)) throw notFound("file-missing");
      throw storageUnavailable(err);
    }
  }

  /** S3 answers a delete of a missing key with success, so a second delete is harmless. */
  async delete(key: string): Promise<void> {
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
    } catch (err) {
      if (!isMissing(err)) throw storageUnavailable(err);
    }
  }

  /** The object's size, or undefined when there is none (resumable `balai files migrate`). */
  async size(key: string): Promise<number | undefined> {
    try {
      const res = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return res.ContentLength;
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw storageUnavailable(err);
    }
  }

  close(): void {
    this.client.destroy();
  }
}
