/**
 * The running server's command socket (embedded store only): `balai.sock` in the data folder, mode 0600, so only
 * the server's user can connect. A `balai` command that needs the store while the server holds it sends its
 * command line here; the server runs the same command function in-process on its open store and streams the
 * output and the exit code back (src/cli/remote.ts is the other end).
 *
 * Protocol, one JSON object per line: the client sends `{"argv": [...], "cwd": "/abs/dir"}`; the server answers
 * `{"out": line}` and `{"write": text}` while the command runs, then `{"exit": code}` (an error: `{"error": text,
 * "exit": 2}`) and closes the connection.
 */
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import type { Config } from "../platform/config.ts";
import type { Db } from "../platform/db.ts";
import { formatCliError, UsageError } from "../platform/usage.ts";
import type { CliContext } from "./context.ts";

/** The server's logger (pino's shape, as Fastify's). */
interface Logger {
  info(obj: object, msg: string): void;
  warn(msg: string): void;
  error(obj: object, msg: string): void;
}

export type Dispatcher = (ctx: CliContext, argv: string[]) => Promise<number>;

/** Where the socket lives; undefined when the path is too long for a Unix socket (108 bytes on Linux). */
export function socketPath(dataDir: string): string | undefined {
  const p = path.resolve(dataDir, "balai.sock");
  return Buffer.byteLength(p) < 104 ? p : undefined;
}

/** Commands the server does not run for a client, with the reason. */
function refusal(argv: string[]): string | undefined {
  const [command, sub] = argv;
  if (command === "start") return `a Balai server already runs on this store (process ${process.pid})`;
  if (command === "transit" && sub === "simulate") return "transit simulate runs beside the server: it needs no store, run it with --url";
  return undefined;
}

interface Request {
  argv: string[];
  cwd: string;
}

function parseRequest(line: string): Request {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new UsageError("the command socket expects one JSON line {argv, cwd}");
  }
  const r = value as Partial<Request> | null;
  if (!r || !Array.isArray(r.argv) || !r.argv.every((a) => typeof a === "string") || typeof r.cwd !== "string" || !path.isAbsolute(r.cwd))
    throw new UsageError("the command socket expects one JSON line {argv: string[], cwd: absolute path}");
  return { argv: r.argv, cwd: r.cwd };
}

/**
 * Listens on the data folder's command socket; resolves to a function that stops listening and removes the file.
 * Commands run one at a time, in the order they arrive (a second client waits).
 */
export async function listenForCommands(opts: { config: Config; db: Db; log: Logger; dispatch: Dispatcher }): Promise<() => Promise<void>> {
  const file = socketPath(opts.config.dataDir);
  if (!file) {
    opts.log.warn(`BALAI_DATA_DIR is too long for a Unix socket: balai commands cannot run beside this server`);
    return async () => {};
  }
  let queue: Promise<unknown> = Promise.resolve();
  const server = net.createServer((socket) => {
    let buffer = "";
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      if (buffer.length > 1_000_000) socket.destroy();
      const nl = buffer.indexOf("\n");
      if (nl < 0) return;
      socket.off("data", onData);
      const line = buffer.slice(0, nl);
      queue = queue.then(() => serve(opts, socket, line));
    };
    socket.on("data", onData);
    socket.on("error", () => {}); // a client that went away: the command still finishes
  });
  // We hold the store's lock, so a socket file left here is from a server that died: replace it.
  fs.rmSync(file, { force: true });
  const umask = process.umask(0o177); // the socket is created 0600: no moment where others could connect
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(file, () => resolve());
    });
  } finally {
    process.umask(umask);
  }
  fs.chmodSync(file, 0o600);
  return async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    fs.rmSync(file, { force: true });
  };
}

async function serve(opts: { config: Config; db: Db; log: Logger; dispatch: Dispatcher }, socket: net.Socket, line: string): Promise<void> {
  const send = (msg: Record<string, unknown>) => {
    if (!socket.destroyed) socket.write(`${JSON.stringify(msg)}\n`);
  };
  let argv: string[] = [];
  try {
    const req = parseRequest(line);
    argv = req.argv;
    const refused = refusal(argv);
    if (refused) throw new UsageError(`balai ${argv.slice(0, 2).join(" ")}: ${refused}`);
    // Only the command words: arguments may hold a password (user create --password).
    opts.log.info({ command: argv.slice(0, 2).join(" ") }, "balai command from the command socket");
    const ctx: CliContext = {
      config: opts.config,
      print: (text) => send({ out: text }),
      write: (text) => send({ write: text }),
      resolve: (file) => path.resolve(req.cwd, file),
      interactive: false,
      withStore: (fn) => fn(opts.db),
    };
    send({ exit: await opts.dispatch(ctx, argv) });
  } catch (err) {
    const text = formatCliError(err);
    if (text === null) opts.log.error({ err, command: argv.slice(0, 2).join(" ") }, "balai command failed");
    send({ error: text ?? `error: ${(err as Error).message ?? err} (details in the server's log)`, exit: 2 });
  }
  socket.end();
}
