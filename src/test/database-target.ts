import postgres from "postgres";

/** Where tests get their databases: TEST_DATABASE_URL, else a local server if one answers, else PGlite. */
export type TestDatabaseTarget = { kind: "postgres"; adminUrl: string; template: string } | { kind: "pglite" };

export const LOCAL_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres";

export async function postgresAnswers(url: string): Promise<boolean> {
  const probe = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await probe`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await probe.end({ timeout: 1 });
  }
}

export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * Said so that nobody reads a green run on PGlite as a run on PostgreSQL: a banner on stderr at the
 * start of the run, not one warning line lost among the results.
 */
export function pgliteFallbackBanner(adminUrl: string): string {
  const line = "#".repeat(80);
  return [
    "",
    line,
    "##",
    `##  NO POSTGRESQL answers at ${adminUrl}.`,
    "##  Every integration test of this run uses embedded PGlite instead;",
    "##  PostgreSQL-only tests (statement timeout, scripts against DATABASE_URL) are skipped.",
    "##  Start PostgreSQL on 127.0.0.1:5432 or set TEST_DATABASE_URL to test as production runs.",
    "##",
    line,
    "",
  ].join("\n");
}
