/**
 * The `balai` command line: the help text and the dispatcher. Each command group is a function in src/cli/
 * (`(ctx, sub, rest) => exit code`), so tests run commands in-process with their own context and store.
 */
import { loadConfig } from "./platform/config.ts";
import { formatCliError, UsageError } from "./platform/usage.ts";
import { apikey } from "./cli/apikey.ts";
import { files } from "./cli/files.ts";
import { auditCommand } from "./cli/audit.ts";
import { ca } from "./cli/ca.ts";
import { catalog } from "./cli/catalog.ts";
import { type CliContext, type Command, processContext } from "./cli/context.ts";
import { regions } from "./cli/regions.ts";
import { runOnServer } from "./cli/remote.ts";
import { migrateCommand, seed, start } from "./cli/server.ts";
import { oidc } from "./cli/oidc.ts";
import { tenant } from "./cli/tenant.ts";
import { transit } from "./cli/transit.ts";
import { user } from "./cli/user.ts";
import { budgetCommand } from "./cli/budget.ts";
import { whatsapp } from "./cli/whatsapp.ts";

export const HELP = `balai — Balai platform command line

  balai start                         run the server (migrates, seeds demo data on an empty store)
  balai migrate                       apply pending database migrations
  balai seed                          seed the demo tenant (Kota Palembang) if missing
  balai tenant create --region CODE [--host NAME ...] [--default]
                                      add a pemda with its kecamatan and kelurahan (e.g. 35.73 = Kota Malang)
  balai tenant create --all | --province CODE [--host-suffix DOMAIN]
                                      every kab/kota (of a province, e.g. 16) with its regions and the default catalog;
                                      resumable (tenants already present are skipped)
  balai tenant list
  balai user create --tenant CODE --email E --name N --password P [--role R --unit UNITCODE]
  balai audit verify [--tenant CODE]  walk the audit hash chain and report the first tampered entry
  balai catalog validate DIR          check a service catalog folder (YAML) and print every error
  balai catalog import DIR [--tenant CODE]
                                      publish the catalog's services into a tenant (changed ones get a new version)
  balai apikey create --name APP --scope open311 [--tenant CODE]
                                      issue an API key for a third-party app (printed once, last line)
  balai apikey list [--tenant CODE] | apikey revoke ID [--tenant CODE]
  balai regions boundaries import FILE.geojson [--tenant CODE]
                                      load kelurahan/kecamatan polygons (matched by Kemendagri code or name)
  balai transit import FEED.zip [--tenant CODE]
                                      import a GTFS static feed (validated; errors by file and line)
  balai transit simulate --url URL --key AVL_KEY [--tenant CODE] [--every SECONDS] [--once]
  balai transit simulate --mqtt mqtt://127.0.0.1:1883 --url URL [--tenant CODE]
                                      drive buses along the shapes of a running server's feed (demo)
  balai ca init [--tenant CODE]       create the tenant's local signing root CA (electronic signatures) if missing
  balai ca root [--tenant CODE] [--out FILE.pem]
                                      print or save the root certificate (for PDF readers, pdfsig)
  balai budget verify [--tenant CODE] prove today's budget = approved APBD + recorded revisions (names the first differing line)
  balai oidc client create --name NAME --redirect-uri URI [--app KEY] [--grant client_credentials] [--tenant CODE]
                                      issue an OIDC client to a registered app (JSON, client_secret last)
  balai oidc client list | oidc client revoke CLIENT_ID | oidc keys rotate [--tenant CODE]
  balai whatsapp say --url URL --from 6281… (--text T | --lat=LAT --lon=LON)
                                      play WhatsApp: post one signed message to a server's webhook (front door demo)
  balai files migrate                 copy the files on disk (BALAI_FILES_DIR) into the S3 bucket (BALAI_S3_*); resumable

While "balai start" runs on the embedded store, the other commands run inside it (BALAI_DATA_DIR/balai.sock).
Configuration: PORT, BALAI_DATA_DIR, DATABASE_URL, BALAI_DEMO (see README.md).
The last line a command prints is its result.`;

const COMMANDS: Record<string, Command> = {
  start: (ctx) => start(ctx, runCli),
  migrate: (ctx) => migrateCommand(ctx),
  seed: (ctx) => seed(ctx),
  tenant,
  user,
  audit: auditCommand,
  catalog,
  apikey,
  regions,
  ca,
  transit,
  budget: budgetCommand,
  oidc,
  whatsapp,
  files,
};

/**
 * Runs one command line (without `balai`) in the given context; resolves to the exit code (-1: keep running, the
 * server). A wrong invocation throws UsageError (printed by formatCliError, exit code 2).
 */
export async function runCli(ctx: CliContext, argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv;
  if (command === undefined || command === "help" || command === "--help" || command === "-h") {
    ctx.print(HELP);
    return 0;
  }
  const code = Object.hasOwn(COMMANDS, command) ? await COMMANDS[command](ctx, sub, rest) : undefined;
  if (code === undefined) throw new UsageError(`unknown command: ${argv.join(" ")}`);
  return code;
}

/**
 * The `balai` process (bin/balai.js): runs the command, prints a failure on stderr and exits with the code.
 * While a server holds the embedded store, a command that needs the store runs in that server (src/cli/remote.ts).
 */
export function main(argv = process.argv.slice(2)): void {
  // loadConfig inside the promise chain: a bad value is printed as `error: …` with exit code 2, as before.
  Promise.resolve()
    .then(async () => {
      const config = loadConfig();
      return (await runOnServer(config, argv)) ?? (await runCli(processContext(config), argv));
    })
    .then(
      (code) => {
        if (code >= 0) process.exit(code);
      },
      (err) => {
        console.error(formatCliError(err) ?? err);
        process.exit(2);
      },
    );
}
