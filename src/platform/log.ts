import pino, { type Logger } from "pino";
import { maskText, maskValue } from "./mask.ts";

/** One logger for the process; NIK, phone numbers and emails are masked in objects and messages. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    formatters: { log: (obj) => maskValue(obj) as Record<string, unknown> },
    hooks: {
      logMethod(args, method) {
        const masked = args.map((a) => (typeof a === "string" ? maskText(a) : a)) as typeof args;
        method.apply(this, masked);
      },
    },
    serializers: {
      req: (req) => ({ method: req.method, url: maskText(String(req.url)), host: req.host, remoteAddress: req.ip }),
      err: pino.stdSerializers.err,
    },
  });
}
