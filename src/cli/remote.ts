/**
 * The client end of the command socket (src/cli/command-socket.ts): when a Balai server holds the embedded store,
 * `balai` sends it the command line instead of opening the store, and prints what comes back.
 */
import net from "node:net";
import type { Config } from "../platform/config.ts";
import { socketPath } from "./command-socket.ts";

/** Commands that never go to the server: they need no store (or are the server). */
function runsHere(argv: string[]): boolean {
  const [command, sub] = argv;
  if (command === undefined || command === "help" || command === "--help" || command === "-h") return true;
  if (command === "catalog" && sub === "validate") return true;
  if (command === "whatsapp") return true;
  return command === "transit" && sub === "simulate";
}

/**
 * Runs `argv` on the server listening on the data folder's command socket; resolves to its exit code, or to
 * undefined when no server listens there (the command then opens the store itself). `out` and `err` print a line.
 */
export async function runOnServer(
  config: Config,
  argv: string[],
  io: { out(line: string): void; write(text: string): void; err(line: string): void } = {
    out: (line) => console.log(line),
    write: (text) => process.stdout.write(text),
    err: (line) => console.error(line),
  },
): Promise<number | undefined> {
  if (config.databaseUrl || runsHere(argv)) return undefined;
  const file = socketPath(config.dataDir);
  if (!file) return undefined;
  const socket = net.createConnection(file);
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("error", reject);
    });
  } catch {
    return undefined; // no socket, or a socket file left by a server that died: no server runs
  }
  socket.write(`${JSON.stringify({ argv, cwd: process.cwd() })}\n`);
  return new Promise<number>((resolve) => {
    let buffer = "";
    let exit: number | undefined;
    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      for (let nl = buffer.indexOf("\n"); nl >= 0; nl = buffer.indexOf("\n")) {
        let msg: { out?: string; write?: string; error?: string; exit?: number };
        try {
          msg = JSON.parse(buffer.slice(0, nl));
        } catch {
          msg = { out: buffer.slice(0, nl) }; // not the protocol: print it as it came
        }
        buffer = buffer.slice(nl + 1);
        if (msg.out !== undefined) io.out(msg.out);
        if (msg.write !== undefined) io.write(msg.write);
        if (msg.error !== undefined) io.err(msg.error);
        if (msg.exit !== undefined) exit = msg.exit;
      }
    });
    socket.on("error", () => {});
    socket.on("close", () => {
      if (exit === undefined) io.err("error: the server closed the connection before the command finished (see the server's log)");
      resolve(exit ?? 1);
    });
  });
}
