import type { DestinationStream } from "pino";
import pino, { type Logger } from "pino";
import { maskText, maskUrl, maskValue } from "./mask.ts";

/**
 * Keys whose values are Fastify's request and reply and errors: pino runs `formatters.log` before the serializers, so
 * the masking formatter leaves these to their serializers (which mask). Copied through `maskValue`, a request lost its
 * getters and every access log line read `"req":{"url":"undefined"}`, `"res":{}`.
 */
const SERIALIZED = new Set(["req", "res", "err"]);

/** One logger for the process; NIK, phone numbers and emails are masked in objects and messages. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      formatters: {
        log: (obj) => {
          const out: Record<string, unknown> = {};
          for (const [k, v] of Object.entries(obj)) out[k] = SERIALIZED.has(k) ? v : (maskValue({ [k]: v }) as Record<string, unknown>)[k];
          return out;
        },
      },
      hooks: {
        logMethod(args, method) {
          const masked = args.map((a) => (typeof a === "string" ? maskText(a) : a)) as typeof args;
          method.apply(this, masked);
        },
      },
      serializers: {
        req: (req) => ({ method: req.method, url: maskUrl(String(req.url)), host: req.host, remoteAddress: req.ip }),
        res: (reply) => ({ statusCode: reply.statusCode }),
        err: (err) => maskValue(pino.stdSerializers.err(err)),
      },
    },
    destination,
  );
}
