import pg from "pg";

/** Creates `balai_bench_<timestamp>` on the server of `adminUrl`; returns its URL and a drop function. */
export async function createBenchDatabase(adminUrl: string): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `balai_bench_${new Date().toISOString().replace(/\D/g, "").slice(0, 14)}_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        // WITH (FORCE) needs PostgreSQL 13+; fall back to terminating backends by hand.
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(async () => {
          await c.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [name]);
          await c.query(`DROP DATABASE IF EXISTS "${name}"`);
        });
      } finally {
        await c.end();
      }
    },
  };
}
